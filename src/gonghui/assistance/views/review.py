"""The review chain of a file: visits, transitions, exit, objections, overrides, yearly review, follow-up and the file's PDF."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import act
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
from ._common import _FILE, file_step, object_form, timeline_rows, today

# --- the review chain ------------------------------------------------------------------------


@scoped_view("assistance.record_visit", lookup=_FILE)
def visit_add(request, file):
    form = forms.VisitForm(
        request.POST or None, request.FILES or None, initial={"visited_on": timezone.localdate()}
    )
    if file.is_draft:
        form.fields["visited_on"].help_text = _(
            "档案尚未提交：本次核查已记入档案，提交后档案直接进入“已入户核查”。"
        )
    title, done = _("登记入户核查"), _("已登记入户核查")
    return file_step(request, form, services.record_visit, title, done, file=file, multipart=True)


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
    act(
        request,
        lambda: ACTIONS[action](request.user, file, form.cleaned_data.get("reason", "")),
        _("已完成：%(label)s") % {"label": FILE_WORKFLOW.get(action).label},
    )
    return redirect("assistance:file", pk=file.pk)


file_exit = object_form(
    "assistance.exit_file",
    forms.ExitForm,
    services.exit_file,
    gettext_lazy("解困脱困"),
    gettext_lazy("已办理解困脱困，回访已排期"),
    refusals=True,
)
objection_add = object_form(
    "assistance.record_objection",
    forms.ObjectionForm,
    services.record_objection,
    gettext_lazy("登记公示异议"),
    gettext_lazy("已登记异议"),
    initial=today("received_on"),
)
objection_resolve = object_form(
    "assistance.publish_notice",
    forms.ResolveForm,
    services.resolve_objection,
    gettext_lazy("处理公示异议"),
    gettext_lazy("异议已处理"),
    lookup=Lookup(lambda: Objection.objects.select_related("file"), name="objection"),
    note=lambda objection: objection.content,
)
flag_override = object_form(
    "assistance.override_flag",
    forms.RequiredReasonForm,
    services.override_flag,
    gettext_lazy("核实并放行提示"),
    gettext_lazy("已说明放行"),
    lookup=Lookup(lambda: Flag.objects.select_related("file"), name="flag"),
    note=lambda flag: flag.shown_detail,
)


@scoped_view("assistance.override_flag", lookup=_FILE)
def exclusion_override(request, file, rule):
    if rule not in policy.EXCLUSION_LABELS:
        raise Http404
    form = forms.RequiredReasonForm(request.POST or None)
    return file_step(
        request,
        form,
        services.override_exclusion,
        _("排除规则放行（须区级另一人复核）"),
        _("已说明放行"),
        file=file,
        args={"file": file, "rule": rule},
        note=policy.exclusion_label(rule),
    )


@require_POST
@scoped_view(
    "assistance.confirm_override",
    lookup=Lookup(lambda: ExclusionOverride.objects.select_related("file"), name="override"),
)
def exclusion_confirm(request, override):
    """A second person at district level confirms a proposed exclusion override."""
    act(
        request,
        lambda: services.confirm_exclusion_override(actor=request.user, override=override),
        _("已复核放行，困难类别已重新计算"),
    )
    return redirect("assistance:file", pk=override.file_id)


yearly_review = object_form(
    "assistance.review_yearly",
    forms.YearlyReviewForm,
    services.review_yearly,
    gettext_lazy("年审"),
    gettext_lazy("已完成年审（按现行规则重新计算）"),
    initial=lambda _file: {"year": timezone.localdate().year},
)
follow_up = object_form(
    "assistance.record_visit",
    forms.FollowUpForm,
    services.record_follow_up,
    gettext_lazy("脱困回访"),
    gettext_lazy("已登记回访"),
    lookup=Lookup(lambda: HomeVisit.objects.select_related("file"), name="visit"),
    initial=today("visited_on"),
)


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
            "steps": file.eligibility_lines if full else [],
            "printed_at": timezone.localtime(),
            "timeline": timeline_rows(context["timeline"], file),
        }
    )
    return pdf_response(
        "assistance/pdf/file.html",
        context,
        _("困难职工档案表-{number}.pdf").format(number=file.number),
    )
