"""Import pages: upload, map columns, preview with errors and warnings, fix in place, commit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.decorators import KeyLookup, Lookup, scoped_view
from gonghui.core.forms import add_service_errors, call_service
from gonghui.core.models import GeneratedFile, ImportJob
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.text.punctuation import joined

from . import registry, services, states
from .forms import MappingForm, UploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# An importer by its key (``imports:start <key>``); unknown: 404.
IMPORTER = KeyLookup(registry.get, name="importer_class", key="key")
# An import job in scope.
JOB = Lookup(lambda: ImportJob.objects.select_related("org"), name="job", pk="job_id")
# A file generated for the user (an export made in the background).
OWN_FILE = Lookup(
    lambda: GeneratedFile.objects.filter(created_by=current_scope().user),
    name="generated",
    pk="file_id",
)


def _importer(key):
    """The importer class of ``key`` (404 when none is registered under it), once the role is
    known to hold the importer's own permission: ``core.import_data``, the routes' permission,
    is not enough to import members, say (403)."""
    importer_class = registry.get(key)
    if importer_class is None:
        raise Http404
    require_perm(importer_class.permission)
    return importer_class


def attachment(data, filename, content_type=XLSX):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


@scoped_view("core.import_data", lookup=IMPORTER)
def start(request, importer_class):
    require_perm(importer_class.permission)
    key = importer_class.key
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"org_code": request.GET.get("org") or _default_org(request)},
    )
    if request.method == "POST" and form.is_valid():
        job, ok = call_service(
            form,
            services.start_import,
            actor=request.user,
            assignment=request.active_assignment,
            importer_key=key,
            org=form.cleaned_data["org_code"],
            upload=form.cleaned_data["file"],
        )
        if ok:
            return redirect("imports:map", job_id=job.id)
    recent = ImportJob.objects.filter(importer=key, created_by=request.user)[:10]
    return render(
        request, "imports/start.html", {"form": form, "importer": importer_class, "recent": recent}
    )


def _default_org(request):
    return request.active_assignment.org.code if request.active_assignment else ""


@scoped_view("core.import_data", lookup=IMPORTER)
def template(request, importer_class):
    require_perm(importer_class.permission)
    return attachment(
        services.template_workbook(importer_class),
        _("{label}模板.xlsx").format(label=importer_class.label),
    )


@scoped_view("core.import_data", lookup=JOB)
def mapping(request, job):
    importer_class = _importer(job.importer)
    form = MappingForm(
        request.POST or None,
        headers=job.headers,
        columns=importer_class.columns,
        mapping=job.mapping,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mapping(actor=request.user, job=job, mapping=form.mapping())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _validate(job)
            return redirect("imports:job", job_id=job.id)
    return render(
        request, "imports/mapping.html", {"form": form, "job": job, "importer": importer_class}
    )


def _validate(job):
    if states.runs_in_background(job):
        states.validate_in_background(job)
    else:
        services.claim(job)
        services.validate_job(job)


def _validated_again(request, job, message=None):
    """After a change to the job (a fixed row, mapped wordings, ticked conflicts, a retry):
    validate it again (in the background for a big file), say so, and show the job."""
    _validate(job)
    if message:
        messages.info(request, message)
    return redirect("imports:job", job_id=job.id)


@scoped_view("core.import_data", lookup=JOB)
def job_detail(request, job):
    importer_class = _importer(job.importer)
    errors = [i for i in job.issues if i["level"] == "error"]
    warnings = [i for i in job.issues if i["level"] == "warning"]
    error_rows = sorted({i["row"] for i in errors})
    fixable = job.result.get("bad_rows", []) if states.can_commit(job) else []
    unknown = [
        {
            **entry,
            "options": importer_class.column_options(entry["column"]),
            "values": [{**item, "n": n} for n, item in enumerate(entry["values"])],
        }
        for entry in job.result.get("unknown_values", [])
    ]
    applied = set(job.options.get("apply_conflicts") or ())
    return render(
        request,
        "imports/job.html",
        {
            "job": job,
            "importer": importer_class,
            "errors": errors,
            "warnings": warnings,
            "error_rows": error_rows,
            "fixable": fixable,
            "columns": importer_class.columns,
            "unknown": unknown,
            "conflicts": [
                {**c, "ticked": c["row"] in applied or c["applied"]}
                for c in job.result.get("conflicts", [])
            ],
        },
    )


@scoped_view("core.import_data", lookup=JOB)
def job_progress(request, job):
    """htmx polling target while a job validates or commits."""
    _importer(job.importer)
    if services.is_orphaned(job) and services.recover_orphans():
        job.refresh_from_db()
    job.done_rows = states.done_rows(job) if job.is_committing else job.done_rows
    response = render(request, "imports/_progress.html", {"job": job})
    if not states.is_running(job):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@scoped_view("core.import_data", lookup=JOB)
def fix_row(request, job, row):
    importer_class = _importer(job.importer)
    values = {
        c.key: request.POST.get(c.key, "") for c in importer_class.columns if c.key in request.POST
    }
    services.fix_row(actor=request.user, job=job, row_number=row, values=values)
    return _validated_again(request, job, _("第 %(row)s 行已修改并重新校验") % {"row": row})


@require_POST
@scoped_view("core.import_data", lookup=JOB)
def map_values(request, job):
    """The preview's answers for unknown wordings: ``map-<column>-<n>`` holds the code chosen
    for the n-th listed wording of that column ("" = leave empty; "-" = not answered)."""
    _importer(job.importer)
    choices = {}
    for entry in job.result.get("unknown_values", []):
        for n, item in enumerate(entry["values"]):
            chosen = request.POST.get(f"map-{entry['column']}-{n}")
            if chosen is not None and chosen != "-":
                choices.setdefault(entry["column"], {})[item["value"]] = chosen
    if choices:
        try:
            services.save_value_mapping(actor=request.user, job=job, choices=choices)
        except ValidationError as exc:
            messages.error(request, joined(exc.messages, "semicolon"))
            return redirect("imports:job", job_id=job.id)
        return _validated_again(request, job, _("取值对应已保存，并已重新校验"))
    return redirect("imports:job", job_id=job.id)


@require_POST
@scoped_view("core.import_data", lookup=JOB)
def conflicts(request, job):
    _importer(job.importer)
    rows = [r for r in request.POST.getlist("row") if r.isdigit()]
    services.choose_conflicts(actor=request.user, job=job, rows=rows)
    return _validated_again(request, job, _("已按勾选重新校验"))


@require_POST
@scoped_view("core.import_data", lookup=JOB)
def retry(request, job):
    """Validate a failed job again (its file and choices are kept)."""
    _importer(job.importer)
    if not states.can_retry(job):
        messages.error(request, _("只有失败的导入可以重试"))
        return redirect("imports:job", job_id=job.id)
    services.reset_for_retry(actor=request.user, job=job)
    return _validated_again(request, job)


@require_POST
@scoped_view("core.import_data", lookup=JOB)
def commit(request, job):
    _importer(job.importer)
    mode = request.POST.get("mode", "all")
    try:
        job = states.commit(job, mode)
    except ValidationError as exc:
        messages.error(request, joined(exc.messages, "semicolon"))
        return redirect("imports:job", job_id=job.id)
    if job.has_failed:
        messages.error(request, job.message)
    elif job.is_done:
        messages.success(request, _("导入完成"))
    return redirect("imports:job", job_id=job.id)


@scoped_view("core.import_data", lookup=JOB)
def error_download(request, job):
    _importer(job.importer)
    importer, rows = services.error_rows_now(job)
    name = _("错误行-{value}.xlsx").format(value=job.original_name.rsplit(".", 1)[0])
    return attachment(services.error_workbook(importer, rows), name)


@scoped_view("core.view_home", lookup=OWN_FILE)
def generated_file(request, generated):
    response = FileResponse(generated.file.open("rb"), content_type=generated.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{escape_uri_path(generated.name)}"
    )
    return response
