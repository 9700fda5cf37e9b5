"""The review chain of a file: visits, transitions, exit, objections, overrides, yearly review, follow-up and the file's PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors, call_service
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import require_perm

from .. import forms, policy, selectors, services
from ..models import (
    ExclusionOverride,
    Flag,
    HomeVisit,
    Objection,
)
from ..workflows import FILE_WORKFLOW
from ._common import _FILE, _form_page, _saved, timeline_rows

# --- the review chain ------------------------------------------------------------------------


@scoped_view("assistance.record_visit", lookup=_FILE)
def visit_add(request, file):
    form = forms.VisitForm(
        request.POST or None, request.FILES or None, initial={"visited_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.record_visit, actor=request.user, file=file, **form.cleaned_data
        )
        if ok:
            return _saved(request, _("已登记入户核查"), file)
    if file.is_draft:
        form.fields["visited_on"].help_text = _(
            "档案尚未提交：本次核查已记入档案，提交后档案直接进入“已入户核查”。"
        )
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
@scoped_view("assistance.view_file", lookup=_FILE)
def file_transition(request, file, action):
    """One step of the review chain (POST with an optional/required reason)."""
    if action not in ACTIONS:
        raise Http404
    # the step's own permission (the workflow names it), checked before it runs
    require_perm(FILE_WORKFLOW.get(action).permission)
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


@scoped_view("assistance.exit_file", lookup=_FILE)
def file_exit(request, file):
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


@scoped_view("assistance.record_objection", lookup=_FILE)
def objection_add(request, file):
    form = forms.ObjectionForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.record_objection, actor=request.user, file=file, **form.cleaned_data
        )
        if ok:
            return _saved(request, _("已登记异议"), file)
    return _form_page(request, form, _("登记公示异议"), file)


@scoped_view("assistance.publish_notice", lookup=Lookup(lambda: Objection.objects.select_related("file"), name="objection"))
def objection_resolve(request, objection):
    form = forms.ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form,
            services.resolve_objection,
            actor=request.user,
            objection=objection,
            **form.cleaned_data,
        )
        if ok:
            return _saved(request, _("异议已处理"), objection.file)
    return _form_page(request, form, _("处理公示异议"), objection.file, note=objection.content)


@scoped_view("assistance.override_flag", lookup=Lookup(lambda: Flag.objects.select_related("file"), name="flag"))
def flag_override(request, flag):
    form = forms.RequiredReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.override_flag, actor=request.user, flag=flag, **form.cleaned_data
        )
        if ok:
            return _saved(request, _("已说明放行"), flag.file)
    return _form_page(request, form, _("核实并放行提示"), flag.file, note=flag.detail)


@scoped_view("assistance.override_flag", lookup=_FILE)
def exclusion_override(request, file, rule):
    if rule not in policy.EXCLUSION_LABELS:
        raise Http404
    form = forms.RequiredReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form,
            services.override_exclusion,
            actor=request.user,
            file=file,
            rule=rule,
            **form.cleaned_data,
        )
        if ok:
            return _saved(request, _("已说明放行"), file)
    return _form_page(
        request,
        form,
        _("排除规则放行（须区级另一人复核）"),
        file,
        note=policy.exclusion_label(rule),
    )


@require_POST
@scoped_view("assistance.confirm_override", lookup=Lookup(lambda: ExclusionOverride.objects.select_related("file"), name="override"))
def exclusion_confirm(request, override):
    """A second person at district level confirms a proposed exclusion override."""
    try:
        services.confirm_exclusion_override(actor=request.user, override=override)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权执行此操作"))
    else:
        messages.success(request, _("已复核放行，困难类别已重新计算"))
    return redirect("assistance:file", pk=override.file_id)


@scoped_view("assistance.review_yearly", lookup=_FILE)
def yearly_review(request, file):
    form = forms.YearlyReviewForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.review_yearly, actor=request.user, file=file, **form.cleaned_data
        )
        if ok:
            return _saved(request, _("已完成年审（按现行规则重新计算）"), file)
    return _form_page(request, form, _("年审"), file)


@scoped_view("assistance.record_visit", lookup=Lookup(lambda: HomeVisit.objects.select_related("file"), name="visit"))
def follow_up(request, visit):
    form = forms.FollowUpForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.record_follow_up, actor=request.user, visit=visit, **form.cleaned_data
        )
        if ok:
            return _saved(request, _("已登记回访"), visit.file)
    return _form_page(request, form, _("脱困回访"), visit.file)


@scoped_view("assistance.view_file", lookup=_FILE)
def file_pdf(request, file):
    """The hardship file form (档案表); ID numbers in clear only for roles that may reveal."""
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
    return pdf_response("assistance/pdf/file.html", context, _("困难职工档案表-{number}.pdf").format(number=file.number))
