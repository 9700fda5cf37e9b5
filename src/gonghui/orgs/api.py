"""API for organisations, employers and officials (scoped like the pages)."""

import datetime

from ninja import Router, Schema

from gonghui.core.api_helpers import created, paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import get_scoped_or_404

from . import selectors, services
from .models import Employer, Industry, Official, Org, OrgKind, Ownership

router = Router()


class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: OrgKind
    status: str
    depth: int
    parent_code: str | None = None

    @staticmethod
    def resolve_parent_code(obj):
        if obj.depth == 1:
            return None
        return (
            Org.objects.filter(path=obj.path[: -obj.steplen]).values_list("code", flat=True).first()
        )


class OrgIn(Schema):
    parent_code: str
    kind: OrgKind
    code: str
    name: str
    short_name: str = ""
    address: str = ""


class EmployerOut(WithOrg):
    id: int
    org_code: str
    name: str
    credit_code: str
    industry: str
    ownership: str
    headcount: int
    address: str


class EmployerIn(Schema):
    org_code: str
    name: str
    credit_code: str
    industry: Industry
    ownership: Ownership
    headcount: int = 0
    address: str = ""


class OfficialOut(WithOrg):
    id: int
    org_code: str
    name: str
    position: str
    start_date: datetime.date
    end_date: datetime.date | None
    term_end: datetime.date

    @staticmethod
    def resolve_term_end(obj):
        return obj.term.end_date


@paged_list(router, "/", OrgOut, "orgs.view_org", summary="组织列表（当前范围内）")
def list_orgs(request, q: str = "", kind: OrgKind | None = None):
    orgs = selectors.search_orgs(q) if q else selectors.visible_orgs()
    if kind:
        orgs = orgs.filter(kind=kind)
    return orgs


@router.get("/{code}", response=OrgOut, summary="组织详情")
def get_org(request, code: str):
    return get_scoped_or_404(Org.objects.visible(), "orgs.view_org", code=code)


@router.post("/", response={201: OrgOut}, summary="新增下级组织")
def create_org(request, payload: OrgIn):
    parent = get_scoped_or_404(Org.objects.visible(), "orgs.add_org", code=payload.parent_code)
    data = payload.dict(exclude={"parent_code"})
    org = services.create_org(actor=request.user, parent=parent, **data)
    return created(org)


@paged_list(
    router,
    "/employers/",
    EmployerOut,
    "orgs.view_employer",
    summary="单位列表",
    url_name="employers",
)
def list_employers(request, q: str = ""):
    employers = Employer.objects.select_related("org").order_by("name")
    if q:
        employers = employers.filter(name__icontains=q)
    return employers


@router.get("/employers/{employer_id}", response=EmployerOut, summary="单位详情")
def get_employer(request, employer_id: int):
    return get_scoped_or_404(
        Employer.objects.select_related("org"), "orgs.view_employer", pk=employer_id
    )


@router.post("/employers/", response={201: EmployerOut}, summary="登记单位")
def create_employer(request, payload: EmployerIn):
    org = get_scoped_or_404(Org.objects.visible(), "orgs.change_employer", code=payload.org_code)
    data = payload.dict(exclude={"org_code"})
    employer = services.create_employer(actor=request.user, org=org, **data)
    return created(employer)


@paged_list(router, "/officials/", OfficialOut, "orgs.view_official", summary="工会干部（现任）")
def list_officials(request, org_code: str = ""):
    officials = Official.objects.filter(end_date__isnull=True, term__is_current=True)
    if org_code:
        officials = officials.filter(org__code=org_code)
    return officials.select_related("org", "term").order_by("org__path", "position")
