"""API of the organising work (scoped like the pages; every write goes through the services)."""

import datetime

from ninja import Router, Schema

from gonghui.core.api_helpers import created, paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import get_scoped_or_404
from gonghui.orgs.models import Employer

from . import selectors
from .enums import FoundingStatus, Stage, TermChangeStatus, VisitKind
from .models import Founding, TermChange
from .services import foundings as founding_services
from .services import prospects as prospect_services
from .services import terms as term_services

router = Router()


class EmployerOut(WithOrg):
    id: int
    name: str
    credit_code: str
    org_code: str
    headcount: int
    industry: str
    stage: Stage
    next_visit_on: datetime.date | None

    @staticmethod
    def resolve_stage(obj):
        prospect = getattr(obj, "prospect", None)
        return prospect.stage if prospect else Stage.FOUND

    @staticmethod
    def resolve_next_visit_on(obj):
        prospect = getattr(obj, "prospect", None)
        return prospect.next_visit_on if prospect else None


class VisitIn(Schema):
    kind: VisitKind
    visited_on: datetime.date
    summary: str
    contact_name: str = ""
    next_visit_on: datetime.date | None = None


class VisitOut(Schema):
    id: int
    kind: VisitKind
    visited_on: datetime.date
    summary: str
    next_visit_on: datetime.date | None


class FoundingOut(WithOrg):
    id: int
    union_name: str
    employer_id: int
    org_code: str
    status: FoundingStatus
    due_on: datetime.date | None
    union_code: str | None
    elected: list[str]

    @staticmethod
    def resolve_union_code(obj):
        return obj.union.code if obj.union_id else None


class CandidateOut(Schema):
    name: str
    position: str


class TermChangeOut(WithOrg):
    id: int
    org_code: str
    status: TermChangeStatus
    seats: int
    years: int
    election_on: datetime.date
    due_on: datetime.date | None
    candidates: list[CandidateOut]
    elected: list[str]


class DecisionIn(Schema):
    document_no: str


@paged_list(router, "/employers", EmployerOut, "organising.view_prospect", summary="未建会单位")
def list_employers(request, min_headcount: int | None = None, stage: Stage | None = None):
    return selectors.employers_without_union(min_headcount=min_headcount, stage=stage or "")


@router.post("/employers/{employer_id}/visits", response={201: VisitOut}, summary="记录走访")
def record_visit(request, employer_id: int, payload: VisitIn):
    employer = get_scoped_or_404(Employer.objects.all(), "organising.work_prospect", pk=employer_id)
    visit = prospect_services.record_visit(actor=request.user, employer=employer, **payload.dict())
    return created(visit)


@paged_list(router, "/foundings", FoundingOut, "organising.view_prospect", summary="建会流程")
def list_foundings(request):
    return selectors.foundings()


@router.get("/foundings/{founding_id}", response=FoundingOut, summary="建会流程详情")
def get_founding(request, founding_id: int):
    qs = Founding.objects.select_related("org", "union")
    return get_scoped_or_404(qs, "organising.view_prospect", pk=founding_id)


@router.post("/foundings/{founding_id}/consent", response=FoundingOut, summary="上级同意筹备")
def consent_founding(request, founding_id: int, payload: DecisionIn):
    founding = get_scoped_or_404(
        Founding.objects.all(), "organising.approve_founding", pk=founding_id
    )
    return founding_services.give_consent(
        actor=request.user, founding=founding, document_no=payload.document_no
    )


@paged_list(router, "/term-changes", TermChangeOut, "organising.view_term_change", summary="换届")
def list_term_changes(request):
    return selectors.term_changes()


@router.get("/term-changes/{change_id}", response=TermChangeOut, summary="换届详情")
def get_term_change(request, change_id: int):
    qs = TermChange.objects.select_related("org")
    return get_scoped_or_404(qs, "organising.view_term_change", pk=change_id)


@router.post("/term-changes/{change_id}/approve-plan", response=TermChangeOut,
             summary="上级批准换届计划")  # fmt: skip
def approve_plan(request, change_id: int, payload: DecisionIn):
    change = get_scoped_or_404(
        TermChange.objects.all(), "organising.approve_term_change", pk=change_id
    )
    return term_services.approve_plan(
        actor=request.user, change=change, document_no=payload.document_no
    )
