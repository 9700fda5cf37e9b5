"""API of the roster: list and search, detail (masked), create, import, statistics."""

import datetime
import json
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gonghui.core.api_helpers import created, paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.imports import services as imports
from gonghui.core.imports import states as import_states
from gonghui.core.imports import tasks as import_tasks
from gonghui.core.models import ImportJob, RoleAssignment
from gonghui.core.scoping import current_scope, get_scoped_or_404, require_perm
from gonghui.orgs.models import Employer, Org

from . import selectors, services
from .models import Education, EmploymentForm, Gender, Member, MemberStatus

router = Router()


class MemberOut(WithOrg):
    id: int
    name: str
    gender: Gender
    birth_date: datetime.date | None
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
    def resolve_birth_date(obj):
        """Shown only to those who may reveal the ID number: next to the masked number the birth
        date leaves a handful of candidates (issue 12, finding 2)."""
        scope = current_scope(required=False)
        if scope is not None and scope.has_perm("members.reveal_id_number"):
            return obj.birth_date
        return None


class MemberIn(Schema):
    org_code: str
    name: str
    id_number: str
    phone: str = ""
    ethnicity: str = "汉族"  # i18n: data
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
    background: bool
    finished: bool
    total_rows: int
    done_rows: int
    progress_percent: int
    valid_rows: int
    error_rows: int
    warning_rows: int
    issues: list[IssueOut]
    result: dict
    message: str
    mapping: dict
    mapping_source: str
    value_mapping: dict
    value_mapping_source: str
    update_conflicts: bool

    @staticmethod
    def resolve_mapping_source(obj):
        # request: sent with the call; headers: by the file's header names; remembered/chosen:
        # a person's choice on the import pages (never used by an API upload)
        return obj.options.get("mapping_source", "headers")

    @staticmethod
    def resolve_value_mapping(obj):
        return obj.options.get("value_mapping") or {}

    @staticmethod
    def resolve_value_mapping_source(obj):
        # request: sent with the call; union: the union's saved answers; none; chosen: pages
        return obj.options.get("value_mapping_source", "none")

    @staticmethod
    def resolve_update_conflicts(obj):
        return bool(obj.options.get("update_conflicts"))

    @staticmethod
    def resolve_id(obj):
        return str(obj.id)

    @staticmethod
    def resolve_background(obj):
        return bool(obj.options.get("background"))

    @staticmethod
    def resolve_finished(obj):
        return import_states.is_finished(obj)

    @staticmethod
    def resolve_total_rows(obj):
        # While a background validation runs the row count is not known yet: the estimate.
        return obj.total_rows or obj.options.get("estimated_rows", 0)

    @staticmethod
    def resolve_done_rows(obj):
        # commit_job's final save leaves done_rows at 0; a finished job has done all its rows.
        return import_states.done_rows(obj)

    @staticmethod
    def resolve_progress_percent(obj):
        if import_states.is_finished(obj):
            return 100
        total = ImportOut.resolve_total_rows(obj)
        return min(99, ImportOut.resolve_done_rows(obj) * 100 // total) if total else 0


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
    as_of: datetime.datetime | None = Field(None, description="统计数据截至的时间（保存的汇总）")


@paged_list(router, "/", MemberOut, "members.view_member", summary="会员列表与搜索（当前范围内）")
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
    return created(services.create_member(actor=request.user, org=org, **data))


# i18n: data (OpenAPI documentation for programmers)
IMPORT_DESCRIPTION = """Upload a roster file (.xlsx, .xls, .csv) for the union ``org_code``.

- **Small files** (up to the ``IMPORT_BACKGROUND_ROWS`` setting, 5,000 rows by default) are
  validated at once: **201** with every problem (row, column, reason). ``commit`` = ``all`` (all
  rows or none) or ``valid`` (valid rows only) also writes them; otherwise commit later with
  ``POST /imports/{job_id}/commit``.
- **Larger files** run as a background task, like the import pages: **202** at once with the job
  ``id``, ``status`` = ``validating`` and ``background`` = true; validation (and the commit, if
  ``commit`` was given) then runs in the task queue. Poll ``GET /imports/{job_id}``: ``done_rows``
  / ``total_rows`` (an estimate until validation ends) and ``progress_percent`` report progress;
  ``finished`` turns true when the status is ``validated``, ``done`` or ``failed``.

Mappings (no silent state: an API upload never reuses a mapping chosen on the import pages):

- ``mapping``: JSON ``{"source header": "column key or Chinese label"}``; without it the columns
  are mapped by their header names (``mapping_source`` = ``request`` or ``headers``).
- ``value_mapping``: JSON ``{"column key or label": {"wording": "option label, code or empty"}}``
  for wordings the district's alias table does not know; without it the union's saved answers
  are used (``value_mapping_source`` = ``request``, ``union`` or ``none``). Unknown wordings are
  warnings listed in ``result.unknown_values``; unmapped, the cell is left empty.
- ``update_conflicts``: a name, birth date or sex that differs from the roster's member with the
  same ID number is a conflict (``result.conflicts``); it is applied (and audited before/after)
  only with ``update_conflicts=true``, otherwise the row is left alone.

小文件（不超过后台导入行数阈值，默认 5000 行）立即校验并返回 201；更大的文件返回 202 和任务编号，
在后台校验（及提交），用 GET /imports/{job_id} 查询进度。"""


@router.post(
    "/imports",
    response={201: ImportOut, 202: ImportOut},
    summary="导入会员名册（小文件立即校验，大文件后台处理返回 202）",
    description=IMPORT_DESCRIPTION,
)
def import_members(
    request,
    file: File[UploadedFile],
    org_code: Annotated[str, Form(max_length=50)],
    commit: Annotated[str, Form(max_length=10)] = "",
    mapping: Annotated[str, Form(max_length=20000)] = "",
    value_mapping: Annotated[str, Form(max_length=100000)] = "",
    update_conflicts: Annotated[bool, Form()] = False,
):
    if commit:
        import_states.require_commit_mode(commit, "commit")
    org = get_scoped_or_404(Org.objects.visible(), "members.import_members", code=org_code)
    assignment = RoleAssignment.objects.select_related("org").get(pk=request.scope.assignment_id)
    job = imports.start_import(
        actor=request.user,
        assignment=assignment,
        importer_key="members",
        org=org,
        upload=file,
        api=True,
        mapping=_json_param("mapping", mapping),
        value_mapping=_json_param("value_mapping", value_mapping),
    )
    if update_conflicts:
        job.options = {**job.options, "update_conflicts": True}
        job.save(update_fields=["options"])
    rows = import_states.estimated_rows(job)
    if rows > settings.IMPORT_BACKGROUND_ROWS:
        job.status = ImportJob.Status.VALIDATING
        job.options = {**job.options, "background": True, "estimated_rows": rows}
        job.save(update_fields=["status", "options"])
        job_id = str(job.id)
        transaction.on_commit(lambda: import_in_background.enqueue(job_id, commit))
        return Status(202, job)
    job = imports.validate_job(job)
    if commit:
        job = _commit(job, commit)
    return created(job)


def _json_param(name, raw):
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ValidationError({name: _("应为 JSON 对象")}) from exc
    if not isinstance(value, dict):
        raise ValidationError({name: _("应为 JSON 对象")})
    return value


@task()
def import_in_background(job_id, mode=""):
    """An API import too large to answer at once: validate, then commit when ``mode`` asks
    (``all`` / ``valid``) and validation allows. The import framework's own tasks do the work;
    a crash leaves the job ``failed`` rather than validating forever."""
    try:
        import_tasks.validate_import.call(job_id)
        if (
            mode
            and ImportJob.unscoped.filter(pk=job_id, status=ImportJob.Status.VALIDATED).exists()
        ):
            import_tasks.commit_import.call(job_id, mode)
    except Exception:
        unfinished = ImportJob.unscoped.filter(pk=job_id).exclude(status__in=import_states.FINISHED)
        job = unfinished.only("pk", "language").first()
        if job is not None:
            with imports.in_job_language(job):  # the uploader's words, not the worker's
                message = _("后台处理出错，请重新上传或联系管理员")
            unfinished.update(
                status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
            )
        raise


def _commit(job, mode):
    import_states.require_commit_mode(mode, "commit")
    import_states.require_committable(job)
    return imports.commit_job(job, mode)


@router.get(
    "/imports/{job_id}",
    response=ImportOut,
    summary="导入任务状态、进度与问题清单",
    description="后台导入时 ``done_rows`` / ``total_rows`` 与 ``progress_percent`` 报告进度，"
    "``finished`` 为 true 后结果完整。",
)
def get_import(request, job_id: Annotated[str, Path(max_length=64)]):
    require_perm("members.import_members")
    return get_scoped_or_404(ImportJob.objects.filter(importer="members"), pk=job_id)


@router.post(
    "/imports/{job_id}/commit",
    response={200: ImportOut, 202: ImportOut},
    summary="提交已校验的导入（大文件在后台提交，返回 202）",
    description="``mode`` = ``all``（全部成功才导入）或 ``valid``（只导入无误的行）。"
    "后台处理的大文件返回 202、状态 ``committing``，用 GET /imports/{job_id} 查询进度。",
)
def commit_import(
    request,
    job_id: Annotated[str, Path(max_length=64)],
    mode: Annotated[str, Query(max_length=10)] = "all",
    update_conflicts: bool = False,
):
    job = get_scoped_or_404(
        ImportJob.objects.filter(importer="members"), "members.import_members", pk=job_id
    )
    import_states.require_commit_mode(mode)
    import_states.require_committable(job)
    if update_conflicts:  # the commit validates again, applying the conflicts
        job.options = {**job.options, "update_conflicts": True}
        job.save(update_fields=["options"])
    job = import_states.commit(job, mode)
    return Status(202 if import_states.is_running(job) else 200, job)


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
        "as_of": s["as_of"],
    }
