"""Pages of hardship files: list and caseload, opening a file from a member, the file page with
its arithmetic and timeline, the household rows, the review chain, notices, yearly review, exit,
and the PDF and Excel outputs. Views validate input and call one service or selector."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.core.text.idnumbers import normalize_id_number
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from . import exporters, forms, policy, retention, selectors, services
from .enums import Cause, FileStatus
from .models import (
    Attachment,
    DibaoStandard,
    Entitlement,
    ExclusionOverride,
    Flag,
    HardshipFile,
    HomeVisit,
    Objection,
    SpotCheck,
)
from .workflows import FILE_WORKFLOW


def _file(pk, permission="assistance.view_file"):
    return get_scoped_or_404(
        HardshipFile.objects.select_related("org", "applicant", "reviewed_by", "created_by"),
        permission,
        pk=pk,
    )


def _form_page(request, form, title, file=None, back=None, multipart=False, note=""):
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "title": title,
            "file": file,
            "back": back,
            "multipart": multipart,
            "note": note,
        },
    )


def _saved(request, text, file):
    messages.success(request, text)
    return redirect("assistance:file", pk=file.pk)


# --- lists -----------------------------------------------------------------------------------


@scoped_view("assistance.view_file")
def file_list(request):
    form = forms.FileFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.files(filters), 30).get_page(request.GET.get("page"))
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
            extra={"sensitive": full, "filters": {k: v for k, v in filters.items() if v}},
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


@scoped_view("assistance.view_file")
def file_detail(request, pk):
    file = _file(pk)
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
                {"label": t.label, "reason": t.guard(file, request.user)}
                for t in FILE_WORKFLOW.transitions
                if file.status in t.sources
                and t.guard is not None
                and request.scope.has_perm(t.permission)
                and t.guard(file, request.user)
            ],
            "can_edit": file.status == FileStatus.DRAFT
            and request.scope.has_perm("assistance.change_file"),
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
            "submission_problems": services.submission_problems(file)
            if file.status == "draft"
            else [],
            "approval_problems": services.approval_problems(file)
            if file.status == "notice"
            else [],
            "unresolved_exclusions": [
                {"rule": r, "label": policy.exclusion_label(r), "pending": r in pending}
                for r in services.unresolved_exclusions(file)
            ],
            # Income figures (the arithmetic holds them) need the reveal permission.
            "steps": file.eligibility_text.splitlines() if can_reveal else [],
            "cause_labels": [Cause(c).label for c in file.causes if c in Cause.values],
            "timeline": timeline_rows(context["timeline"]),
            "keep_until": retention.keep_until(file),
            "retention_setting": retention.describe(file),
        }
    )
    return render(request, "assistance/file_detail.html", context)


def timeline_rows(events):
    labels = {t.name: t.label for t in FILE_WORKFLOW.transitions}
    return [
        {
            "at": e.at,
            "label": labels.get(e.transition, e.transition),
            "state": FileStatus(e.to_state).label
            if e.to_state in FileStatus.values
            else e.to_state,
            "actor": e.actor,
            "reason": e.reason,
        }
        for e in events
    ]


@scoped_view("assistance.change_file")
def file_edit(request, pk):
    file = _file(pk, "assistance.change_file")
    form = forms.FileForm(
        request.POST or None,
        initial={
            "causes": file.causes,
            "situation": file.situation,
            "bank_name": file.bank_name,
            "bank_account": file.bank_account,
            "version": file.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_file(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已保存"), file)
    return _form_page(request, form, _("编辑档案"), file)


@scoped_view("assistance.change_file")
def household_add(request, pk):
    file = _file(pk, "assistance.change_file")
    form = forms.HouseholdMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_household_member(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已添加家庭成员"), file)
    return _form_page(request, form, _("添加家庭成员"), file)


@scoped_view("assistance.change_file")
def household_edit(request, pk, member_id):
    """A household member's own monthly income, the applicant's wage included."""
    file = _file(pk, "assistance.change_file")
    person = file.household.filter(pk=member_id).first()
    if person is None:
        raise Http404
    form = forms.HouseholdIncomeForm(
        request.POST or None,
        initial={"employment": person.employment, "monthly_income": person.income},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_member_income(
                actor=request.user, file=file, member_id=person.pk, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已保存收入"), file)
    return _form_page(
        request,
        form,
        _("家庭成员收入：%(name)s（%(rel)s）")
        % {"name": person.name, "rel": person.get_relationship_display()},
        file,
    )


@scoped_view("assistance.change_file")
def row_add(request, pk, kind):
    file = _file(pk, "assistance.change_file")
    if kind not in forms.ROW_FORMS:
        raise Http404
    form_class, extra, title = forms.ROW_FORMS[kind]
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        service = {
            "income": services.add_income,
            "cost": services.add_cost,
            "declaration": services.add_declaration,
        }[kind]
        try:
            service(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已保存"), file)
    return _form_page(request, form, title, file)


@require_POST
@scoped_view("assistance.change_file")
def row_remove(request, pk, kind, row_id):
    file = _file(pk, "assistance.change_file")
    if kind not in services.ROW_MODELS:
        raise Http404
    try:
        services.remove_row(actor=request.user, file=file, kind=kind, row_id=row_id)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("assistance:file", pk=file.pk)


@scoped_view("assistance.change_file")
def attachment_add(request, pk):
    file = _file(pk, "assistance.change_file")
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已上传"), file)
    return _form_page(request, form, _("上传材料"), file, multipart=True)


@scoped_view("assistance.view_file")
def attachment_download(request, pk):
    attachment = get_scoped_or_404(Attachment, "assistance.view_file", pk=pk)
    response = FileResponse(
        attachment.upload.open("rb"),
        as_attachment=True,
        filename=attachment.original_name or "attachment",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- the review chain ------------------------------------------------------------------------


@scoped_view("assistance.record_visit")
def visit_add(request, pk):
    file = _file(pk, "assistance.record_visit")
    form = forms.VisitForm(
        request.POST or None, request.FILES or None, initial={"visited_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已登记入户核查"), file)
    return _form_page(request, form, _("登记入户核查"), file, multipart=True)


ACTIONS = {
    "submit": lambda actor, file, reason: services.submit_file(actor=actor, file=file),
    "review": lambda actor, file, reason: services.review_file(actor=actor, file=file, note=reason),
    "publish": lambda actor, file, reason: services.publish_notice(actor=actor, file=file),
    "approve": lambda actor, file, reason: services.approve_file(actor=actor, file=file),
    "return": lambda actor, file, reason: services.return_file(
        actor=actor, file=file, reason=reason
    ),
    "reopen": lambda actor, file, reason: services.reopen_file(
        actor=actor, file=file, reason=reason
    ),
}


@require_POST
@scoped_view("assistance.view_file")
def file_transition(request, pk, action):
    """One step of the review chain (POST with an optional/required reason)."""
    if action not in ACTIONS:
        raise Http404
    file = _file(pk, FILE_WORKFLOW.get(action).permission)
    form = forms.ReasonForm(request.POST)
    form.is_valid()
    try:
        ACTIONS[action](request.user, file, form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权执行此操作"))
    else:
        messages.success(
            request, _("已完成：%(label)s") % {"label": FILE_WORKFLOW.get(action).label}
        )
    return redirect("assistance:file", pk=file.pk)


@scoped_view("assistance.exit_file")
def file_exit(request, pk):
    file = _file(pk, "assistance.exit_file")
    form = forms.ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exit_file(actor=request.user, file=file, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            return _saved(request, _("已办理解困脱困，回访已排期"), file)
    return _form_page(request, form, _("解困脱困"), file)


@scoped_view("assistance.record_objection")
def objection_add(request, pk):
    file = _file(pk, "assistance.record_objection")
    form = forms.ObjectionForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_objection(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已登记异议"), file)
    return _form_page(request, form, _("登记公示异议"), file)


@scoped_view("assistance.publish_notice")
def objection_resolve(request, pk):
    objection = get_scoped_or_404(
        Objection.objects.select_related("file"), "assistance.publish_notice", pk=pk
    )
    form = forms.ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_objection(actor=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("异议已处理"), objection.file)
    return _form_page(request, form, _("处理公示异议"), objection.file, note=objection.content)


@scoped_view("assistance.override_flag")
def flag_override(request, pk):
    flag = get_scoped_or_404(Flag.objects.select_related("file"), "assistance.override_flag", pk=pk)
    form = forms.RequiredReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_flag(actor=request.user, flag=flag, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已说明放行"), flag.file)
    return _form_page(request, form, _("核实并放行提示"), flag.file, note=flag.detail)


@scoped_view("assistance.override_flag")
def exclusion_override(request, pk, rule):
    file = _file(pk, "assistance.override_flag")
    if rule not in policy.EXCLUSION_LABELS:
        raise Http404
    form = forms.RequiredReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_exclusion(
                actor=request.user, file=file, rule=rule, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已说明放行"), file)
    return _form_page(
        request,
        form,
        _("排除规则放行（须区级另一人复核）"),
        file,
        note=policy.exclusion_label(rule),
    )


@require_POST
@scoped_view("assistance.confirm_override")
def exclusion_confirm(request, pk):
    """A second person at district level confirms a proposed exclusion override."""
    override = get_scoped_or_404(
        ExclusionOverride.objects.select_related("file"), "assistance.confirm_override", pk=pk
    )
    try:
        services.confirm_exclusion_override(actor=request.user, override=override)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权执行此操作"))
    else:
        messages.success(request, _("已复核放行，困难类别已重新计算"))
    return redirect("assistance:file", pk=override.file_id)


@scoped_view("assistance.review_yearly")
def yearly_review(request, pk):
    file = _file(pk, "assistance.review_yearly")
    form = forms.YearlyReviewForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_yearly(actor=request.user, file=file, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已完成年审（按现行规则重新计算）"), file)
    return _form_page(request, form, _("年审"), file)


@scoped_view("assistance.record_visit")
def follow_up(request, pk):
    visit = get_scoped_or_404(
        HomeVisit.objects.select_related("file"), "assistance.record_visit", pk=pk
    )
    form = forms.FollowUpForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(actor=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("已登记回访"), visit.file)
    return _form_page(request, form, _("脱困回访"), visit.file)


@scoped_view("assistance.view_file")
def file_pdf(request, pk):
    """The hardship file form (档案表); ID numbers in clear only for roles that may reveal."""
    file = _file(pk)
    full = request.scope.has_perm("assistance.reveal_sensitive")
    with transaction.atomic():
        audit.record(request.user, "assistance.file.print", file, extra={"sensitive": full})
    context = selectors.file_page(file)
    context.update(
        {
            "file": file,
            "full": full,
            "steps": file.eligibility_text.splitlines() if full else [],
            "printed_at": timezone.localtime(),
            "timeline": timeline_rows(context["timeline"]),
        }
    )
    return pdf_response("assistance/pdf/file.html", context, f"困难职工档案表-{file.number}.pdf")


# --- district tables -------------------------------------------------------------------------


@scoped_view("assistance.view_file")
def dibao_list(request):
    form = forms.DibaoForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_perm("assistance.manage_dibao")
        if form.is_valid():
            data = form.cleaned_data
            org = Org.objects.visible().filter(code=data["org_code"].strip()).first()
            if org is None:
                form.add_error("org_code", _("找不到该组织代码（或不在您的管理范围内）"))
            else:
                try:
                    services.set_dibao(
                        actor=request.user,
                        org=org,
                        year=data["year"],
                        monthly_amount=data["monthly_amount"],
                        note=data["note"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("已保存低保标准"))
                    return redirect("assistance:dibao")
    rows = DibaoStandard.objects.select_related("org").order_by("-year", "org__path")[:200]
    return render(
        request,
        "assistance/dibao.html",
        {
            "rows": rows,
            "form": form,
            "can_manage": request.scope.has_perm("assistance.manage_dibao"),
        },
    )


@scoped_view("assistance.view_file")
def spot_checks(request):
    form = forms.SpotCheckForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_perm("assistance.draw_spot_check")
        if form.is_valid():
            org = request.scope.org
            try:
                services.draw_spot_check(
                    actor=request.user, org=org, year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已抽取并记录抽查样本"))
                return redirect("assistance:spot_checks")
    checks = list(SpotCheck.objects.select_related("org", "drawn_by").order_by("-year")[:20])
    ids = {i for c in checks for i in c.file_ids}
    by_id = HardshipFile.objects.filter(pk__in=ids).select_related("org", "applicant").in_bulk()
    warm_ids = {i for c in checks for i in c.entitlement_ids}
    warm = (
        Entitlement.objects.filter(pk__in=warm_ids)
        .select_related("org", "cycle", "file__applicant", "worker", "student")
        .in_bulk()
    )
    for check in checks:
        check.files = [by_id[i] for i in check.file_ids if i in by_id]
        check.warmth = [warm[i] for i in check.entitlement_ids if i in warm]
    return render(
        request,
        "assistance/spot_checks.html",
        {
            "checks": checks,
            "form": form,
            "can_draw": request.scope.has_perm("assistance.draw_spot_check"),
            "year": datetime.date.today().year,
        },
    )


# --- duplicate aid: the district report and outside aid --------------------------------------


@scoped_view("assistance.view_file")
def integrity_report(request):
    """Duplicate-aid flags across programmes, campaigns and outside aid, by kind and union,
    with the list of one kind (drill-down); exclusion overrides and their confirmation."""
    context = selectors.integrity_report(request.GET.get("kind", ""))
    return render(request, "assistance/integrity.html", context)


@scoped_view("assistance.view_file")
def outside_aid_list(request):
    q = request.GET.get("q", "")[:50]
    page = Paginator(selectors.external_aid(q), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/outside_aid.html",
        {
            "page": page,
            "q": q,
            "can_record": request.scope.has_perm("assistance.record_external_aid"),
        },
    )


@scoped_view("assistance.record_external_aid")
def outside_aid_new(request):
    form = forms.ExternalAidForm(request.POST or None, initial={"granted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_external_aid(
                actor=request.user,
                org=request.scope.org,
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            messages.success(request, _("已登记外部救助"))
            return redirect("assistance:outside_aid")
    return _form_page(request, form, _("登记外部救助（如民政救助）"))
