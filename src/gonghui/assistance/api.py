"""API for hardship files, programmes, cycles and payments (scoped like the pages).

Files are listed without personal data beyond the applicant's name; ID numbers, incomes and
bank accounts are never part of the API output."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.scoping import get_scoped_or_404, require_perm

from . import programmes, selectors, services
from .enums import FileStatus, PaymentMethod
from .models import Cycle, Entitlement, HardshipFile, Payment, Programme
from .workflows import FILE_WORKFLOW

router = Router()

MAX_ID = 2**63 - 1  # larger ids overflow the database integer: answer 422, not 500
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class FileOut(Schema):
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
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_applicant_name(obj):
        return obj.applicant.name


class FlagOut(Schema):
    kind: str
    status: str
    detail: str


class FileDetailOut(FileOut):
    eligibility_steps: list[str]
    exclusions: list[str]
    flags: list[FlagOut]

    @staticmethod
    def resolve_eligibility_steps(obj):
        return obj.eligibility_text.splitlines()

    @staticmethod
    def resolve_flags(obj):
        return list(obj.flags.all())


class TransitionIn(Schema):
    reason: str = ""


class ProgrammeOut(Schema):
    id: int
    org_code: str
    kind: str
    name: str

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code


class BudgetOut(Schema):
    org_code: str
    fund_source: str
    amount: Decimal
    used: Decimal

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code


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


@router.get("/files", response=list[FileOut], summary="困难职工档案列表")
@paginate
def list_files(request, q: str = "", status: FileStatus | None = None, category: str = ""):
    require_perm("assistance.view_file")
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


@router.get("/programmes", response=list[ProgrammeOut], summary="帮扶项目")
@paginate
def list_programmes(request):
    require_perm("assistance.view_programme")
    return Programme.objects.select_related("org").order_by("-created_at")


@router.get("/programmes/{programme_id}", response=ProgrammeOut, summary="帮扶项目详情")
def get_programme(request, programme_id: Id):
    return get_scoped_or_404(
        Programme.objects.select_related("org"), "assistance.view_programme", pk=programme_id
    )


@router.get("/cycles", response=list[CycleOut], summary="批次")
@paginate
def list_cycles(request, programme_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None):
    require_perm("assistance.view_programme")
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
    return (200 if existed else 201), payment
