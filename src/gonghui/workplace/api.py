"""API of the workplace module: disclosures, questions, the worker's own items, consultations,
contracts (with the approval tally and the dated steps), statistics and joint commitments.
Scoped like the pages; out of scope answers 404."""

import datetime
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from gonghui.assemblies.models import Poll
from gonghui.core.api_helpers import created, org_or_own, paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.orgs.models import Employer

from . import selectors, services
from .models import (
    Channel,
    Consultation,
    Contract,
    Disclosure,
    DisclosureCategory,
    DisclosureQuestion,
    JointCommitment,
    QuestionKind,
)

router = Router()

MAX_ID = 2_147_483_647
MAX_COUNT = 100_000


def _id():
    return Path(..., ge=1, le=MAX_ID)


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    required: bool
    is_active: bool


class DisclosureOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    category_code: str
    title: str
    body: str
    decision_date: datetime.date
    status: str
    post_due: datetime.date | None
    posted_on: datetime.date | None
    display_until: datetime.date | None
    display_days: int | None
    is_late: bool
    is_short: bool
    channels: list[str]
    rule_note: str  # why it was judged late or short, in the request's language

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer.name

    @staticmethod
    def resolve_rule_note(obj):
        return obj.rule_text

    @staticmethod
    def resolve_category_code(obj):
        return obj.category.code


class DisclosureIn(Schema):
    employer_id: int = Field(..., ge=1, le=MAX_ID)
    category_code: str = Field(..., max_length=40)
    title: str = Field(..., min_length=1, max_length=150)
    body: str = Field(..., min_length=1, max_length=20_000)
    decision_date: datetime.date
    channels: list[Channel] = []


class PostIn(Schema):
    posted_on: datetime.date
    display_until: datetime.date
    channels: list[Channel]


class QuestionOut(Schema):
    id: int
    disclosure_id: int
    kind: str
    text: str
    asked_on: datetime.date
    due_on: datetime.date
    answer: str
    answered_on: datetime.date | None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue()


class QuestionIn(Schema):
    kind: QuestionKind = QuestionKind.QUESTION
    text: str = Field(..., min_length=1, max_length=2000)


class AnswerIn(Schema):
    answer: str = Field(..., min_length=1, max_length=5000)


class ConsultationOut(WithOrg):
    id: int
    org_code: str
    kind: str
    coverage: str
    title: str
    employer_party: str
    requested_on: datetime.date
    status: str
    outcome: str
    concluded_on: datetime.date | None
    previous_contract_id: int | None
    rounds: list[dict]

    @staticmethod
    def resolve_rounds(obj):
        return [
            {
                "number": r.number,
                "held_on": r.held_on.isoformat(),
                "union_offer": r.union_offer,
                "employer_offer": r.employer_offer,
                "union_wage_growth": None
                if r.union_wage_growth is None
                else str(r.union_wage_growth),
                "employer_wage_growth": None
                if r.employer_wage_growth is None
                else str(r.employer_wage_growth),
            }
            for r in obj.rounds.all()
        ]


class ContractOut(WithOrg):
    id: int
    org_code: str
    kind: str
    coverage: str
    title: str
    employer_party: str
    covered_employer_ids: list[int]
    workers_covered: int
    start_date: datetime.date
    end_date: datetime.date
    wage_growth_pct: Decimal | None
    lowest_wage: Decimal | None
    pay_day: str
    status: str
    approved_on: datetime.date | None
    delegates_total: int | None
    delegates_present: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    tally_text: str
    resolution_ref: str
    resolution_id: int | None
    signed_on: datetime.date | None
    filing_due: datetime.date | None
    filed_on: datetime.date | None
    review_ends: datetime.date | None
    effective_on: datetime.date | None
    publish_due: datetime.date | None
    published_on: datetime.date | None
    filing_overdue: bool
    publish_overdue: bool

    @staticmethod
    def resolve_covered_employer_ids(obj):
        return [e.pk for e in obj.covered_employers.all()]

    @staticmethod
    def resolve_filing_overdue(obj):
        return obj.filing_overdue()

    @staticmethod
    def resolve_publish_overdue(obj):
        return obj.publish_overdue()


class ApprovalIn(Schema):
    approved_on: datetime.date
    delegates_total: int = Field(..., ge=1, le=MAX_COUNT)
    delegates_present: int = Field(..., ge=0, le=MAX_COUNT)
    votes_for: int = Field(..., ge=0, le=MAX_COUNT)
    votes_against: int = Field(..., ge=0, le=MAX_COUNT)
    resolution_ref: str = Field("", max_length=200)


class TallyOut(Schema):
    passed: bool
    quorum_met: bool
    quorum_needed: int
    pass_needed: int
    text: str
    rules: list[str]
    status: str


class StatsOut(Schema):
    org_code: str
    employers: int
    workers: int
    covered_employers: int
    covered_workers: int
    wage_covered_employers: int
    employer_rate: float | None
    worker_rate: float | None
    in_force: int
    expiring: int
    filing_overdue: int
    publish_overdue: int
    expired: int
    commitments_active: int


class CommitmentOut(Schema):
    id: int
    employer_id: int
    title: str
    pledges: list[str]
    start_date: datetime.date
    end_date: datetime.date
    signed_on: datetime.date
    status: str
    outcome: str
    checks: list[dict]

    @staticmethod
    def resolve_checks(obj):
        return [
            {"checked_on": c.checked_on.isoformat(), "kept": c.kept, "findings": c.findings}
            for c in obj.checks.all()
        ]


# --- Disclosures ------------------------------------------------------------------------------


@router.get("/categories", response=list[CategoryOut], summary="厂务公开类别")
def list_categories(request):
    require_perm("workplace.view_own")
    return DisclosureCategory.objects.all()


@paged_list(
    router,
    "/disclosures",
    DisclosureOut,
    "workplace.view_disclosure",
    summary="厂务公开事项（范围内）",
)
def list_disclosures(
    request,
    q: str = "",
    employer_id: int | None = Query(None, ge=1, le=MAX_ID),
    year: int | None = Query(None, ge=1900, le=2200),
    status: str = "",
    flag: str = "",
):
    return selectors.disclosure_list(q=q, employer=employer_id, year=year, status=status, flag=flag)


@router.post("/disclosures", response={201: DisclosureOut}, summary="新增厂务公开事项（草稿）")
def create_disclosure(request, payload: DisclosureIn):
    require_perm("workplace.change_disclosure")
    employer = get_scoped_or_404(Employer.objects.select_related("org"), pk=payload.employer_id)
    category = DisclosureCategory.objects.filter(code=payload.category_code).first()
    if category is None:
        raise Http404
    disclosure = services.create_disclosure(
        actor=request.user,
        employer=employer,
        category=category,
        title=payload.title,
        body=payload.body,
        decision_date=payload.decision_date,
        channels=payload.channels,
    )
    return created(disclosure)


@router.get("/disclosures/{disclosure_id}", response=DisclosureOut, summary="厂务公开事项详情")
def get_disclosure(request, disclosure_id: int = _id()):
    return get_scoped_or_404(
        Disclosure.objects.select_related("employer", "category"),
        "workplace.view_disclosure",
        pk=disclosure_id,
    )


@router.post("/disclosures/{disclosure_id}/post", response=DisclosureOut, summary="公开事项")
def post_disclosure(request, payload: PostIn, disclosure_id: int = _id()):
    d = get_scoped_or_404(
        Disclosure.objects.select_related("employer", "category", "org"),
        "workplace.change_disclosure",
        pk=disclosure_id,
    )
    return services.post_disclosure(actor=request.user, disclosure=d, **payload.dict())


@paged_list(router, "/questions", QuestionOut, "workplace.view_disclosure", summary="职工询问/异议")
def list_questions(request, show: str = "open"):
    return selectors.question_list(open_only=show == "open", overdue_only=show == "overdue")


@router.post("/questions/{question_id}/answer", response=QuestionOut, summary="答复询问/异议")
def answer_question(request, payload: AnswerIn, question_id: int = _id()):
    question = get_scoped_or_404(DisclosureQuestion, "workplace.answer_question", pk=question_id)
    return services.answer_question(actor=request.user, question=question, answer=payload.answer)


# --- The worker's own -------------------------------------------------------------------------


@paged_list(
    router,
    "/my/disclosures",
    DisclosureOut,
    "workplace.view_own",
    summary="本单位的公开事项（职工）",
)
def my_disclosures(request):
    return (
        selectors.worker_disclosures(request.user)
        .select_related("employer", "category")
        .order_by("-posted_on", "-id")
    )


@router.get(
    "/my/disclosures/{disclosure_id}",
    response=DisclosureOut,
    summary="本单位的公开事项详情（职工）",
)
def my_disclosure(request, disclosure_id: int = _id()):
    # The object first (404), then the permission (403).
    disclosure = selectors.worker_disclosure_or_404(request.user, disclosure_id)
    require_perm("workplace.view_own")
    return disclosure


@router.post(
    "/my/disclosures/{disclosure_id}/questions",
    response={201: QuestionOut},
    summary="对公开事项提出询问或异议（职工）",
)
def ask_question(request, payload: QuestionIn, disclosure_id: int = _id()):
    d = selectors.worker_disclosure_or_404(request.user, disclosure_id)
    require_perm("workplace.ask_question")
    question = services.ask_question(
        actor=request.user, disclosure=d, kind=payload.kind, text=payload.text
    )
    return created(question)


@paged_list(
    router,
    "/my/contracts",
    ContractOut,
    "workplace.view_own",
    summary="覆盖本单位的生效集体合同（职工）",
)
def my_contracts(request):
    return (
        selectors.worker_contracts(request.user)
        .select_related("org")
        .prefetch_related("covered_employers")
        .order_by("-start_date", "-id")
    )


# --- Consultations and contracts --------------------------------------------------------------


@paged_list(
    router, "/consultations", ConsultationOut, "workplace.view_contract", summary="集体协商"
)
def list_consultations(request, q: str = "", kind: str = "", status: str = ""):
    return selectors.consultation_list(q=q, kind=kind, status=status).prefetch_related("rounds")


@router.get("/consultations/{consultation_id}", response=ConsultationOut, summary="集体协商详情")
def get_consultation(request, consultation_id: int = _id()):
    return get_scoped_or_404(
        Consultation.objects.select_related("org"), "workplace.view_contract", pk=consultation_id
    )


@paged_list(router, "/contracts", ContractOut, "workplace.view_contract", summary="集体合同")
def list_contracts(request, q: str = "", kind: str = "", status: str = "", alert: str = ""):
    return selectors.contract_list(q=q, kind=kind, status=status, alert=alert).prefetch_related(
        "covered_employers"
    )


@router.get("/contracts/{contract_id}", response=ContractOut, summary="集体合同详情")
def get_contract(request, contract_id: int = _id()):
    return _contract(contract_id, "workplace.view_contract")


def _contract(contract_id, permission):
    return get_scoped_or_404(Contract.objects.select_related("org"), permission, pk=contract_id)


@router.post(
    "/contracts/{contract_id}/approval",
    response=TallyOut,
    summary="登记职代会表决（按表决规则判定通过与否）",
)
def record_approval(request, payload: ApprovalIn, contract_id: int = _id()):
    contract = _contract(contract_id, "workplace.change_contract")
    result = services.record_approval(actor=request.user, contract=contract, **payload.dict())
    return {
        "passed": result.passed,
        "quorum_met": result.quorum_met,
        "quorum_needed": result.quorum_needed,
        "pass_needed": result.pass_needed,
        "text": result.text,
        "rules": list(result.rules),
        "status": contract.status,
    }


class ResolutionIn(Schema):
    poll_id: int = Field(..., ge=1, le=2**31 - 1, description="职代会决议表决的编号")


@router.post(
    "/contracts/{contract_id}/resolution",
    response=ContractOut,
    summary="关联职代会决议（表决结果取自决议，不再手工录入）",
)
def link_resolution(request, payload: ResolutionIn, contract_id: int = _id()):
    contract = _contract(contract_id, "workplace.change_contract")
    poll = get_scoped_or_404(Poll.objects.select_related("session__congress"), pk=payload.poll_id)
    services.link_resolution(actor=request.user, contract=contract, poll=poll)
    return Contract.objects.select_related("org").get(pk=contract.pk)


@router.get("/stats", response=StatsOut, summary="集体合同覆盖统计（组织及下级）")
def contract_stats(request, org_code: str = ""):
    require_perm("workplace.view_contract")
    org = org_or_own(org_code)
    return {"org_code": org.code, **selectors.contract_statistics(org)}


@router.get("/compliance", summary="厂务公开年度合规（组织及下级）")
def compliance(request, org_code: str = "", year: int | None = Query(None, ge=1900, le=2200)):
    require_perm("workplace.view_disclosure")
    org = org_or_own(org_code)
    year = year or timezone.localdate().year
    overview = selectors.compliance_overview(org, year)
    return {
        "org_code": org.code,
        "year": year,
        "required_count": overview["required_count"],
        "total": overview["total"],
        "rows": [
            {
                "org_code": r["org"].code,
                "org_name": r["org"].name,
                **{k: r[k] for k in ("employers", "complete", "missing", "late", "short")},
            }
            for r in overview["rows"]
        ],
    }


# --- Joint commitments ------------------------------------------------------------------------


@paged_list(
    router, "/commitments", CommitmentOut, "workplace.view_commitment", summary="共同约定行动"
)
def list_commitments(request, q: str = "", status: str = ""):
    return selectors.commitment_list(q=q, status=status).prefetch_related("checks")


@router.get("/commitments/{commitment_id}", response=CommitmentOut, summary="共同约定行动详情")
def get_commitment(request, commitment_id: int = _id()):
    return get_scoped_or_404(JointCommitment, "workplace.view_commitment", pk=commitment_id)
