"""API of the rights module, scoped like the pages: handlers see their unions' requests, a
worker sees only the requests they filed."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Query, Router, Schema

from gonghui.core.api_helpers import created, org_or_own, paged_list
from gonghui.core.api_types import Money, WithOrg
from gonghui.core.scoping import get_scoped_or_404, require_perm

from . import selectors, services
from .enums import Category, Status
from .models import Case, WorkerRequest

router = Router()


class RequestOut(WithOrg):
    id: int
    number: str | None
    category: str
    channel: str
    title: str
    org_code: str
    status: str
    is_urgent: bool
    is_anonymous: bool
    due_date: datetime.date
    answered_on_time: bool | None
    rating: int | None
    escalation_count: int


class RequestDetailOut(RequestOut):
    description: str
    employer_name: str
    affected_workers: int
    amount_claimed: Decimal | None
    answer: str
    deadline_rule: str
    urgent_reason: str


class RequestIn(Schema):
    category: Category
    title: str
    description: str
    employer_name: str = ""
    affected_workers: int = 1
    amount_claimed: Money | None = None
    anonymous: bool = False
    contact_phone: str = ""


class FiledOut(Schema):
    id: int
    number: str
    tracking_code: str
    due_date: datetime.date
    org_code: str


class AnswerIn(Schema):
    text: str


class RatingIn(Schema):
    score: int
    comment: str = ""


class CaseOut(WithOrg):
    id: int
    kind: str
    title: str
    org_code: str
    status: str
    outcome: str
    opened_on: datetime.date
    request_id: int | None


class DashboardOut(Schema):
    org_code: str
    year: int
    total: int
    answered: int
    on_time: int
    on_time_rate: float | None
    rated: int
    avg_rating: float | None
    satisfaction_rate: float | None
    open: int
    overdue: int
    cases: int
    recovered: Decimal
    by_category: dict[str, int]


@paged_list(
    router, "/requests/", RequestOut, "rights.view_request", summary="职工诉求（承办工会范围内）"
)
def list_requests(
    request, status: Status | None = None, category: Category | None = None, overdue: bool = False
):
    return selectors.request_queue(status=status or "", category=category or "", overdue=overdue)


@router.get("/requests/{request_id}", response=RequestDetailOut, summary="诉求详情")
def get_request(request, request_id: int):
    return get_scoped_or_404(
        WorkerRequest.objects.select_related("org"), "rights.view_request", pk=request_id
    )


@router.post("/requests/{request_id}/answer", response=RequestDetailOut, summary="书面答复")
def answer_request(request, request_id: int, payload: AnswerIn):
    req = get_scoped_or_404(WorkerRequest, "rights.handle_request", pk=request_id)
    return services.answer_request(actor=request.user, request=req, text=payload.text)


@paged_list(
    router, "/mine", RequestDetailOut, "rights.file_request", summary="我的诉求（本人提交）"
)
def my_requests(request):
    return selectors.requests_of_worker(request.user)


@router.post("/mine", response={201: FiledOut}, summary="提交诉求（职工本人）")
def file_request(request, payload: RequestIn):
    req, code = services.submit_request(actor=request.user, **payload.dict())
    return created(
        {
            "id": req.pk,
            "number": req.number,
            "tracking_code": code,
            "due_date": req.due_date,
            "org_code": req.org.code,
        }
    )


@router.post("/mine/{request_id}/rating", response=RequestDetailOut, summary="评价答复")
def rate_request(request, request_id: int, payload: RatingIn):
    req = selectors.requests_of_worker(request.user).filter(pk=request_id).first()
    if req is None:  # not the worker's own request: 404 before the permission (403)
        raise Http404
    require_perm("rights.rate_request")
    return services.rate_request(
        actor=request.user, request=req, score=payload.score, comment=payload.comment
    )


@paged_list(router, "/cases/", CaseOut, "rights.view_case", summary="法律援助/调解案件")
def list_cases(request):
    return selectors.cases_in_scope()


@router.get("/cases/{case_id}", response=CaseOut, summary="案件详情")
def get_case(request, case_id: int):
    return get_scoped_or_404(Case.objects.select_related("org"), "rights.view_case", pk=case_id)


@router.get("/dashboard", response=DashboardOut, summary="诉求统计（任一下级范围）")
def dashboard(request, org_code: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    require_perm("rights.view_dashboard")
    org = org_or_own(org_code)
    stats = selectors.dashboard(org, year)
    return {**stats, "org_code": org.code, "by_category": dict(stats["by_category"])}
