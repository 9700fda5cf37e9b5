"""Hardship files: lists, export, caseload, public notices, opening, the file page and its edits (household, incomes and costs, attachments)."""

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import act
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import require_perm
from gonghui.core.text.idnumbers import normalize_id_number
from gonghui.members.models import Member

from .. import exporters, forms, policy, retention, selectors, services
from ..enums import Cause
from ..models import (
    Attachment,
)
from ..workflows import FILE_WORKFLOW
from ._common import _FILE, _saved, file_step, object_form, timeline_rows

# --- lists -----------------------------------------------------------------------------------


@scoped_view("assistance.view_file")
def file_list(request):
    form = forms.FileFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.files(filters), 30, cap=COUNT_CAP)
    return render(request, "assistance/file_list.html", {"form": form, "page": page})


@scoped_view("assistance.view_file")
def file_export(request):
    """Excel of the filtered files; clear ID numbers and accounts only for roles that may
    export them and only when asked (``full=1``), and then the export is audited."""
    form = forms.FileFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    full = request.GET.get("full") == "1"
    if full:
        require_perm("assistance.export_sensitive")
    rows = selectors.files(filters)[:5000]
    data = exporters.files_workbook(rows, full=full)
    with transaction.atomic():
        audit.record(
            request.user,
            "assistance.file.export",
            org=request.scope.org,
            extra={"sensitive": full, "filters": audit.filters_for_audit(filters)},
        )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="hardship-files.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@scoped_view("assistance.view_file")
def caseload(request):
    today = timezone.localdate()
    rows = list(selectors.caseload()[:300])
    return render(
        request,
        "assistance/caseload.html",
        {
            "rows": rows,
            "today": today,
            "due_reviews": selectors.reviews_due(today).select_related("org", "applicant")[:100],
        },
    )


def public_notices(request):
    """Public: files in notice with masked name, union and category only (no login)."""
    return render(request, "assistance/notices.html", {"rows": selectors.public_notices()})


# --- opening and editing ---------------------------------------------------------------------


@scoped_view("assistance.change_file")
def file_new(request):
    member = None
    if request.GET.get("member", "").isdigit():
        member = Member.objects.filter(pk=request.GET["member"]).select_related("org").first()
    form = forms.FindMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = _find_member(form.cleaned_data["query"])
        if member is None:
            form.add_error("query", _("在您的管理范围内找不到该会员"))
        elif request.POST.get("confirm"):
            file = services.open_file(actor=request.user, applicant=member)
            return _saved(request, _("已建立档案草稿，请填写家庭成员和收入"), file)
    return render(request, "assistance/file_new.html", {"form": form, "member": member})


def _find_member(query):
    from gonghui.core.fields import blind_index_for

    query = query.strip()
    by_card = Member.objects.filter(card_number=query).first()
    if by_card:
        return by_card
    normalized = normalize_id_number(query) or query.upper()
    return Member.objects.filter(
        id_number_index=blind_index_for(Member, "id_number", normalized)
    ).first()


@scoped_view("assistance.view_file", lookup=_FILE)
def file_detail(request, file):
    context = selectors.file_page(file)
    can_reveal = request.scope.has_perm("assistance.reveal_sensitive")
    pending = {o.rule for o in context["overrides"] if not o.confirmed_at}
    context.update(
        {
            "file": file,
            "transitions": [
                t
                for t in FILE_WORKFLOW.available(file, request.user)
                if t.name in ("submit", "review", "publish", "approve", "return", "reopen")
                and not (t.name == "reopen" and file.purged_at)
            ],
            # Steps the role may take but four eyes forbids to this person, with the reason.
            "blocked": [
                {"label": t.label, "reason": reason}
                for t, reason in FILE_WORKFLOW.blocked(file, request.user)
            ],
            "can_edit": file.is_draft and request.scope.has_perm("assistance.change_file"),
            "can_reveal": can_reveal,
            "perms": {
                p: request.scope.has_perm(f"assistance.{p}")
                for p in (
                    "record_visit",
                    "record_objection",
                    "publish_notice",
                    "override_flag",
                    "review_yearly",
                    "exit_file",
                    "change_file",
                    "confirm_override",
                )
            },
            "submission_problems": services.submission_problems(file) if file.is_draft else [],
            "approval_problems": services.approval_problems(file) if file.is_in_notice else [],
            "unresolved_exclusions": [
                {"rule": r, "label": policy.exclusion_label(r), "pending": r in pending}
                for r in services.unresolved_exclusions(file)
            ],
            # Income figures (the arithmetic holds them) need the reveal permission.
            "steps": file.eligibility_lines if can_reveal else [],
            "cause_labels": [Cause(c).label for c in file.causes if c in Cause.values],
            "timeline": timeline_rows(context["timeline"], file),
            "keep_until": retention.keep_until(file),
            "retention_setting": retention.describe(file),
        }
    )
    return render(request, "assistance/file_detail.html", context)


_FILE_FIELDS = ("causes", "situation", "bank_name", "bank_account", "version")
file_edit = object_form(
    "assistance.change_file",
    forms.FileForm,
    services.update_file,
    gettext_lazy("编辑档案"),
    gettext_lazy("已保存"),
    initial=lambda file: {name: getattr(file, name) for name in _FILE_FIELDS},
)
household_add = object_form(
    "assistance.change_file",
    forms.HouseholdMemberForm,
    services.add_household_member,
    gettext_lazy("添加家庭成员"),
    gettext_lazy("已添加家庭成员"),
)


@scoped_view("assistance.change_file", lookup=_FILE)
def household_edit(request, file, member_id):
    """A household member's own monthly income, the applicant's wage included."""
    person = file.household.filter(pk=member_id).first()
    if person is None:
        raise Http404
    form = forms.HouseholdIncomeForm(
        request.POST or None,
        initial={"employment": person.employment, "monthly_income": person.income},
    )
    title = _("家庭成员收入：%(name)s（%(rel)s）") % {
        "name": person.name,
        "rel": person.get_relationship_display(),
    }
    return file_step(
        request,
        form,
        services.set_member_income,
        title,
        _("已保存收入"),
        file=file,
        args={"file": file, "member_id": person.pk},
    )


_ROW_SERVICES = {
    "income": services.add_income,
    "cost": services.add_cost,
    "declaration": services.add_declaration,
}


@scoped_view("assistance.change_file", lookup=_FILE)
def row_add(request, file, kind):
    if kind not in forms.ROW_FORMS:
        raise Http404
    form_class, extra, title = forms.ROW_FORMS[kind]
    form = form_class(request.POST or None, **extra)
    return file_step(request, form, _ROW_SERVICES[kind], title, _("已保存"), file=file)


@require_POST
@scoped_view("assistance.change_file", lookup=_FILE)
def row_remove(request, file, kind, row_id):
    if kind not in services.ROW_MODELS:
        raise Http404
    act(
        request,
        lambda: services.remove_row(actor=request.user, file=file, kind=kind, row_id=row_id),
        refusals=False,
    )
    return redirect("assistance:file", pk=file.pk)


attachment_add = object_form(
    "assistance.change_file",
    forms.AttachmentForm,
    services.add_attachment,
    gettext_lazy("上传材料"),
    gettext_lazy("已上传"),
    multipart=True,
)


@scoped_view("assistance.view_file", lookup=Lookup(Attachment, name="attachment"))
def attachment_download(request, attachment):
    response = FileResponse(
        attachment.upload.open("rb"),
        as_attachment=True,
        filename=attachment.original_name or "attachment",
    )
    response["Cache-Control"] = "no-store"
    return response
