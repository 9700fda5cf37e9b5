"""API of the roster: list and search, detail (masked), create, import, statistics."""

import datetime

from django.core.exceptions import ValidationError
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.imports import services as imports
from gonghui.core.models import ImportJob, RoleAssignment
from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.orgs.models import Employer, Org

from . import selectors, services
from .models import Education, EmploymentForm, Gender, Member, MemberStatus

router = Router()


class MemberOut(Schema):
    id: int
    name: str
    gender: Gender
    birth_date: datetime.date
    id_number_masked: str
    phone_masked: str
    education: str
    employment_form: EmploymentForm
    employer: str | None
    org_code: str
    org_name: str
    join_date: datetime.date
    card_number: str
    status: MemberStatus
    version: int

    @staticmethod
    def resolve_employer(obj):
        return obj.employer.name if obj.employer_id else None

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


class MemberIn(Schema):
    org_code: str
    name: str
    id_number: str
    phone: str = ""
    ethnicity: str = "汉族"
    education: Education | None = None
    employment_form: EmploymentForm = EmploymentForm.REGULAR
    employer_id: int | None = None
    join_date: datetime.date | None = None
    card_number: str = ""


class IssueOut(Schema):
    row: int
    column: str
    message: str
    level: str


class ImportOut(Schema):
    id: str
    status: str
    total_rows: int
    valid_rows: int
    error_rows: int
    warning_rows: int
    issues: list[IssueOut]
    result: dict
    message: str

    @staticmethod
    def resolve_id(obj):
        return str(obj.id)


class CountOut(Schema):
    label: str
    count: int


class StatsOut(Schema):
    org_code: str
    total: int
    by_status: list[CountOut]
    by_employment_form: list[CountOut]
    by_gender: list[CountOut]
    by_age_band: list[CountOut]
    membership_rate: float | None
    unionisation_rate: float | None
    denominator: str
    denominator_label: str


@router.get("/", response=list[MemberOut], summary="会员列表与搜索（当前范围内）")
@paginate
def list_members(
    request,
    q: str = "",
    org: str = "",
    status: str = "",
    form: str = "",
    gender: str = "",
    age: str = "",
    year: int | None = Query(None, ge=1900, le=2100),
    sort: str = "",
):
    require_perm("members.view_member")
    params = {
        "q": q,
        "status": status,
        "form": form,
        "gender": gender,
        "age": age,
        "year": year,
        "sort": sort if sort in selectors.SORTS else "",
        "org_obj": selectors.org_by_code(org),
    }
    return selectors.filtered_members(params)


@router.get("/{int:member_id}", response=MemberOut, summary="会员详情（身份证号、手机号脱敏）")
def get_member(request, member_id: int):
    return get_scoped_or_404(
        Member.objects.select_related("org", "employer"), "members.view_member", pk=member_id
    )


@router.post("/", response={201: MemberOut}, summary="登记会员")
def create_member(request, payload: MemberIn):
    org = get_scoped_or_404(Org.objects.visible(), "members.add_member", code=payload.org_code)
    data = payload.dict(exclude={"org_code", "employer_id"})
    data["education"] = data["education"] or ""
    if payload.employer_id:
        data["employer"] = get_scoped_or_404(Employer.objects.all(), pk=payload.employer_id)
    return 201, services.create_member(actor=request.user, org=org, **data)


@router.post("/imports", response={201: ImportOut}, summary="导入会员名册（校验，可选直接提交）")
def import_members(request, file: File[UploadedFile], org_code: Form[str], commit: Form[str] = ""):
    """Upload a roster file: it is validated at once (row, column and reason for every
    problem). ``commit`` = ``all`` (all rows or none) or ``valid`` (valid rows only) also writes
    it; otherwise commit later with ``POST /imports/{job_id}/commit``."""
    org = get_scoped_or_404(Org.objects.visible(), "members.import_members", code=org_code)
    assignment = RoleAssignment.objects.select_related("org").get(pk=request.scope.assignment_id)
    job = imports.start_import(
        actor=request.user, assignment=assignment, importer_key="members", org=org, upload=file
    )
    job = imports.validate_job(job)
    if commit:
        job = _commit(job, commit)
    return 201, job


def _commit(job, mode):
    if mode not in ("all", "valid"):
        raise ValidationError({"commit": "应为 all 或 valid"})
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError("该导入当前不能提交")
    return imports.commit_job(job, mode)


@router.get("/imports/{job_id}", response=ImportOut, summary="导入任务状态与问题清单")
def get_import(request, job_id: str):
    require_perm("members.import_members")
    return get_scoped_or_404(ImportJob.objects.filter(importer="members"), pk=job_id)


@router.post("/imports/{job_id}/commit", response=ImportOut, summary="提交已校验的导入")
def commit_import(request, job_id: str, mode: str = "all"):
    job = get_scoped_or_404(
        ImportJob.objects.filter(importer="members"), "members.import_members", pk=job_id
    )
    return _commit(job, mode)


@router.get("/stats/", response=StatsOut, summary="会员统计（含下级）", url_name="member_stats")
def member_stats(request, org: str = "", denominator: str = "all"):
    require_perm("members.view_stats")
    target = selectors.org_by_code(org) or Org.objects.get(path=request.scope.org_path)
    s = selectors.statistics(target, denominator)
    c = s["coverage"]

    def counts(pairs):
        return [{"label": str(label), "count": n} for label, n in pairs]

    return {
        "org_code": target.code,
        "total": s["total"],
        "by_status": counts(s["by_status"]),
        "by_employment_form": counts(s["by_form"]),
        "by_gender": counts(s["by_gender"]),
        "by_age_band": counts(s["by_age"]),
        "membership_rate": float(c["membership_rate"])
        if c["membership_rate"] is not None
        else None,
        "unionisation_rate": float(c["unionisation_rate"])
        if c["unionisation_rate"] is not None
        else None,
        "denominator": c["denominator"],
        "denominator_label": c["denominator_label"],
    }
