"""API for hardship files, programmes, cycles and payments (scoped like the pages).

Files are listed without personal data beyond the applicant's name; ID numbers, incomes and
bank accounts are never part of the API output."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from gonghui.core.api_helpers import created, org_or_own, paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import current_scope, get_scoped_or_404, require_perm

from . import jobless, policy, programmes, retention, selectors, services
from .enums import (
    FileStatus,
    FundSource,
    JoblessStatus,
    PaymentMethod,
    ReferralOutcome,
    TrainingStatus,
)
from .models import (
    Cycle,
    Entitlement,
    HardshipFile,
    JoblessWorker,
    JobReferral,
    Payment,
    Programme,
    TrainingEnrolment,
)
from .workflows import FILE_WORKFLOW

router = Router()

MAX_ID = 2**63 - 1  # larger ids overflow the database integer: answer 422, not 500
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class FileOut(WithOrg):
    id: int
    number: str | None
    org_code: str
    applicant_name: str
    status: FileStatus
    category: str
    household_size: int
    rule_version: str
    review_due: datetime.date | None
    notice_end: datetime.date | None
    filed_on: datetime.date | None

    @staticmethod
    def resolve_applicant_name(obj):
        return obj.applicant_name


class FlagOut(Schema):
    kind: str
    status: str
    detail: str

    @staticmethod
    def resolve_detail(obj):
        return obj.shown_detail


class FileDetailOut(FileOut):
    eligibility_steps: list[str]
    exclusions: list[str]
    exclusion_labels: list[str]
    flags: list[FlagOut]
    closed_on: datetime.date | None
    keep_until: datetime.date | None
    purged_at: datetime.datetime | None

    @staticmethod
    def resolve_keep_until(obj):
        return retention.keep_until(obj)

    @staticmethod
    def resolve_eligibility_steps(obj):
        # The arithmetic holds the household's incomes: only for roles that may reveal them.
        scope = current_scope(required=False)
        if scope is None or not scope.has_perm("assistance.reveal_sensitive"):
            return []
        return obj.eligibility_lines

    @staticmethod
    def resolve_exclusion_labels(obj):
        return [policy.exclusion_label(rule) for rule in obj.exclusions]

    @staticmethod
    def resolve_flags(obj):
        return list(obj.flags.all())


class TransitionIn(Schema):
    reason: str = ""


class ProgrammeOut(WithOrg):
    id: int
    org_code: str
    kind: str
    name: str


class BudgetOut(WithOrg):
    org_code: str
    fund_source: str
    amount: Decimal
    used: Decimal


class CycleOut(Schema):
    id: int
    programme_id: int
    name: str
    year: int
    status: str
    start_date: datetime.date
    end_date: datetime.date
    cash_amount: Decimal
    goods_value: Decimal


class CycleDetailOut(CycleOut):
    budgets: list[BudgetOut]

    @staticmethod
    def resolve_budgets(obj):
        return list(obj.budgets.select_related("org"))


class PaymentOut(Schema):
    id: int
    entitlement_id: int
    cycle_id: int
    kind: str
    attempt: int
    amount: Decimal
    goods_value: Decimal
    method: str
    paid_on: datetime.date
    idempotency_key: str
    reverses_id: int | None


class PaymentIn(Schema):
    entitlement_id: int = Field(ge=1, le=2**63 - 1)
    method: PaymentMethod
    paid_on: datetime.date
    idempotency_key: str = Field(min_length=1, max_length=80)
    note: str = Field("", max_length=200)


def _files():
    return HardshipFile.objects.select_related("org", "applicant")


ACTIONS = {
    "submit": lambda u, f, r: services.submit_file(actor=u, file=f),
    "review": lambda u, f, r: services.review_file(actor=u, file=f, note=r),
    "publish": lambda u, f, r: services.publish_notice(actor=u, file=f),
    "approve": lambda u, f, r: services.approve_file(actor=u, file=f),
    "return": lambda u, f, r: services.return_file(actor=u, file=f, reason=r),
    "reopen": lambda u, f, r: services.reopen_file(actor=u, file=f, reason=r),
}


@paged_list(router, "/files", FileOut, "assistance.view_file", summary="困难职工档案列表")
def list_files(request, q: str = "", status: FileStatus | None = None, category: str = ""):
    return selectors.files({"q": q, "status": status, "category": category})


@router.get("/files/{file_id}", response=FileDetailOut, summary="档案详情（含认定过程）")
def get_file(request, file_id: Id):
    return get_scoped_or_404(_files(), "assistance.view_file", pk=file_id)


@router.post(
    "/files/{file_id}/transitions/{action}",
    response=FileOut,
    summary="办理（submit/review/publish/approve/return/reopen）",
)
def transition_file(request, file_id: Id, action: str, payload: TransitionIn):
    if action not in ACTIONS:
        from django.http import Http404

        raise Http404
    file = get_scoped_or_404(_files(), FILE_WORKFLOW.get(action).permission, pk=file_id)
    ACTIONS[action](request.user, file, payload.reason)
    return file


@paged_list(router, "/programmes", ProgrammeOut, "assistance.view_programme", summary="帮扶项目")
def list_programmes(request):
    return Programme.objects.select_related("org").order_by("-created_at")


@router.get("/programmes/{programme_id}", response=ProgrammeOut, summary="帮扶项目详情")
def get_programme(request, programme_id: Id):
    return get_scoped_or_404(
        Programme.objects.select_related("org"), "assistance.view_programme", pk=programme_id
    )


@paged_list(router, "/cycles", CycleOut, "assistance.view_programme", summary="批次")
def list_cycles(request, programme_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None):
    cycles = Cycle.objects.order_by("-year", "-start_date")
    if programme_id:
        cycles = cycles.filter(programme_id=programme_id)
    return cycles


@router.get("/cycles/{cycle_id}", response=CycleDetailOut, summary="批次详情（含预算）")
def get_cycle(request, cycle_id: Id):
    return get_scoped_or_404(Cycle, "assistance.view_programme", pk=cycle_id)


@router.get("/cycles/{cycle_id}/payments", response=list[PaymentOut], summary="批次发放记录")
@paginate
def list_payments(request, cycle_id: Id):
    cycle = get_scoped_or_404(Cycle, "assistance.view_programme", pk=cycle_id)
    return Payment.objects.filter(cycle=cycle).order_by("id")


@router.post(
    "/payments",
    response={200: PaymentOut, 201: PaymentOut},
    summary="登记发放（幂等键相同则返回同一笔）",
)
def create_payment(request, payload: PaymentIn):
    entitlement = get_scoped_or_404(
        Entitlement.objects.select_related("file", "cycle"),
        "assistance.record_payment",
        pk=payload.entitlement_id,
    )
    existed = Payment.objects.filter(idempotency_key=payload.idempotency_key).exists()
    payment = programmes.record_payment(
        actor=request.user,
        entitlement=entitlement,
        method=payload.method,
        paid_on=payload.paid_on,
        idempotency_key=payload.idempotency_key,
        note=payload.note,
    )
    return Status(200 if existed else 201, payment)


# --- laid-off and unemployed workers ------------------------------------------------------------


class WorkerOut(WithOrg):
    id: int
    org_code: str
    name: str
    status: JoblessStatus
    registered_on: datetime.date
    skills: str
    needs: str
    reemployed_on: datetime.date | None
    reemployed_employer: str


class TrainingOut(Schema):
    id: int
    worker_id: int
    course: str
    provider: str
    start_date: datetime.date
    end_date: datetime.date | None
    status: TrainingStatus
    certificate_obtained: bool
    certificate_name: str


class ReferralOut(Schema):
    id: int
    worker_id: int
    employer_id: int | None
    employer_name: str
    position: str
    referred_on: datetime.date
    outcome: ReferralOutcome
    outcome_on: datetime.date | None


class StartupOut(Schema):
    id: int
    kind: str
    business_name: str
    amount: Decimal
    status: str
    applied_on: datetime.date
    entitlement_id: int | None


class WorkerEntitlementOut(Schema):
    id: int
    cycle_id: int
    programme_kind: str
    amount: Decimal
    status: str
    paid: Decimal

    @staticmethod
    def resolve_programme_kind(obj):
        return obj.cycle.programme.kind

    @staticmethod
    def resolve_paid(obj):
        return sum((p.amount for p in obj.payments.all()), Decimal("0"))


class WorkerDetailOut(WorkerOut):
    trainings: list[TrainingOut]
    referrals: list[ReferralOut]
    startups: list[StartupOut]
    entitlements: list[WorkerEntitlementOut]

    @staticmethod
    def resolve_trainings(obj):
        return list(obj.trainings.all())

    @staticmethod
    def resolve_referrals(obj):
        return list(obj.referrals.all())

    @staticmethod
    def resolve_startups(obj):
        return list(obj.startups.all())

    @staticmethod
    def resolve_entitlements(obj):
        return list(
            obj.entitlements.select_related("cycle__programme").prefetch_related("payments")
        )


class StatsTotalOut(Schema):
    registered: int
    laid_off: int
    unemployed: int
    in_training: int
    referred: int
    reemployed: int


class StatsRowOut(StatsTotalOut):
    """One organisation's figures (the same as the total's), named."""

    org: str
    code: str


class StatsOut(Schema):
    org_code: str
    total: StatsTotalOut
    by_org: list[StatsRowOut]
    relief_paid: Decimal
    startup_paid: Decimal


class WorkerNominationIn(Schema):
    cycle_id: int = Field(ge=1, le=MAX_ID)
    amount: Decimal | None = Field(None, ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    fund_source: FundSource | None = None


class EntitlementOut(Schema):
    id: int
    cycle_id: int
    worker_id: int | None
    amount: Decimal
    status: str


@paged_list(
    router, "/jobless/workers", WorkerOut, "assistance.view_jobless", summary="下岗失业职工登记"
)
def list_workers(request, status: JoblessStatus | None = None):
    workers = JoblessWorker.objects.select_related("org").order_by("-registered_on", "-id")
    if status:
        workers = workers.filter(status=status)
    return workers


@router.get(
    "/jobless/workers/{worker_id}",
    response=WorkerDetailOut,
    summary="下岗失业职工详情（培训、职业介绍、创业扶持、救助发放）",
)
def get_worker(request, worker_id: Id):
    return get_scoped_or_404(
        JoblessWorker.objects.select_related("org"), "assistance.view_jobless", pk=worker_id
    )


@router.post(
    "/jobless/workers/{worker_id}/entitlements",
    response={201: EntitlementOut},
    summary="将职工列入下岗失业救助/创业扶持批次名单",
)
def nominate_worker(request, worker_id: Id, payload: WorkerNominationIn):
    worker = get_scoped_or_404(JoblessWorker, "assistance.nominate", pk=worker_id)
    cycle = get_scoped_or_404(
        Cycle.objects.select_related("programme"), "assistance.nominate", pk=payload.cycle_id
    )
    entitlement = programmes.nominate_worker(
        actor=request.user,
        cycle=cycle,
        worker=worker,
        amount=payload.amount,
        fund_source=payload.fund_source,
    )
    return created(entitlement)


@paged_list(
    router, "/jobless/trainings", TrainingOut, "assistance.view_jobless", summary="技能培训报名"
)
def list_trainings(request, status: TrainingStatus | None = None):
    rows = TrainingEnrolment.objects.order_by("-start_date", "-id")
    return rows.filter(status=status) if status else rows


@paged_list(
    router, "/jobless/referrals", ReferralOut, "assistance.view_jobless", summary="职业介绍"
)
def list_referrals(request, outcome: ReferralOutcome | None = None):
    rows = JobReferral.objects.order_by("-referred_on", "-id")
    return rows.filter(outcome=outcome) if outcome else rows


@router.get("/jobless/statistics", response=StatsOut, summary="下岗失业职工统计（按组织）")
def jobless_statistics(request, org: Annotated[str, Query(max_length=30)] = ""):
    require_perm("assistance.view_jobless")
    root = org_or_own(org)
    stats = jobless.statistics(root)
    return {
        "org_code": root.code,
        "total": stats["total"],
        "by_org": stats["by_org"],
        "relief_paid": stats["paid"]["jobless"],
        "startup_paid": stats["paid"]["startup"],
    }
