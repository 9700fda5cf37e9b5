"""Pages of nominations: nominate, detail, withdraw, swap, documents."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import submit
from gonghui.core.workflow import history

from .. import contest_sources, forms, selectors, services
from ..models import NominationDocument, NominationStatus
from ..workflows import (
    NOMINATION_WORKFLOW,
    ORGANISER_TRANSITIONS,
    STREET_TRANSITIONS,
    award_problems_in_notice,
    step_note,
)
from ._common import NOMINATION, ROUND, _nomination_step, _reason_action
from .review import REVIEW_TRANSITIONS


@scoped_view("honours.nominate", lookup=ROUND)
def nominate(request, round_):
    initial = {"org": request.scope.org_id}
    team_id, contestant_id = _int(request.GET.get("team")), _int(request.GET.get("contestant"))
    if team_id is not None or contestant_id is not None:
        initial = contest_sources.prefill(round_, team_id=team_id, contestant_id=contestant_id)
    form = forms.NominationForm(request.POST or None, round_=round_, initial=initial)
    return submit(
        request,
        form,
        services.submit_nomination,
        round_=round_,
        data=lambda _d: form.service_kwargs(),
        then=lambda nomination: ("honours:nomination", nomination.pk),
        success=_("已提交推荐"),
    ) or render(
        request,
        "honours/nominate.html",
        {
            "round": round_,
            "form": form,
            "panel": selectors.quota_panel(round_),
            "title": _("推荐"),
            "preview_url": True,
        },
    )


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@scoped_view("honours.nominate", lookup=ROUND)
def nominate_from_results(request, round_):
    """The ranked results of competitions in scope, to nominate from (no re-typing)."""
    return render(
        request,
        "honours/nominate_from_results.html",
        {"round": round_, "sources": contest_sources.contest_results(round_)},
    )


def _timeline(nomination):
    """Every step of the nomination: its making, then each workflow event, named with the level
    that took it (街道审核 / 区级评审 ...)."""
    labels = {t.name: t.label for t in NOMINATION_WORKFLOW.transitions}
    street = nomination.street_org.name if nomination.street_org_id else ""
    organiser = _("%(level)s评审（%(org)s）") % {
        "level": nomination.round.level_label,
        "org": nomination.round.org.name,
    }
    steps = [
        {
            "at": nomination.created_at,
            "actor": nomination.created_by,
            "reason": "",
            "stage": _("推荐（%(org)s）") % {"org": nomination.org.name},
            "label": _("提交推荐"),
            "to": _("街道审核") if nomination.street_org_id else _("评审"),
        }
    ]
    for e in history(nomination):
        if e.transition in STREET_TRANSITIONS:
            stage = _("街道审核（%(org)s）") % {"org": street}
        elif e.transition in ORGANISER_TRANSITIONS | {"publish_notice", "award", "not_award"}:
            stage = organiser
        else:  # the nominating union's own steps (resubmit, withdraw)
            stage = _("推荐（%(org)s）") % {"org": nomination.org.name}
        steps.append(
            {
                "at": e.at,
                "actor": e.actor,
                "reason": step_note(e),
                "stage": stage,
                "label": labels.get(e.transition, e.transition),
                "to": NominationStatus(e.to_state).label,
            }
        )
    return steps


@scoped_view("honours.view_nomination", lookup=NOMINATION)
def nomination_detail(request, nomination):
    round_ = nomination.round
    judge = selectors.judge_of(round_, request.user)
    # Judges' scores are shown to the organiser's side and the judges, not to nominating unions.
    show_scores = selectors.can_see_ranking(round_, request.user)
    criteria, lines = selectors.scorecard(round_, nomination) if show_scores else ([], [])
    return render(
        request,
        "honours/nomination_detail.html",
        {
            "n": nomination,
            "round": round_,
            "criteria": criteria,
            "lines": lines,
            "judge": judge,
            "show_scores": show_scores,
            "documents": nomination.documents.all(),
            "objections": nomination.objections.all(),
            "events": _timeline(nomination),
            "actions": {
                t.name for t in NOMINATION_WORKFLOW.available(nomination, actor=request.user)
            },
            "can_manage": selectors.can_manage(round_),
            "award_problems": award_problems_in_notice(nomination),
            "answer_form": forms.AnswerForm(),
            "chain": selectors.chain(nomination),
            "can_review": bool(
                REVIEW_TRANSITIONS
                & {t.name for t in NOMINATION_WORKFLOW.available(nomination, actor=request.user)}
            ),
            "stage_check": services.stage_check(nomination),
            "source_url": contest_sources.source_url(nomination),
            "notice_form": forms.NoticeForm(initial={"start": timezone.localdate()}),
        },
    )


@scoped_view("honours.nominate", lookup=NOMINATION)
def withdraw(request, nomination):
    return _reason_action(
        request,
        nomination,
        services.withdraw_nomination,
        _("撤回推荐"),
        _("已撤回推荐"),
    )


@scoped_view("honours.nominate", lookup=NOMINATION)
def swap(request, nomination):
    form = forms.NominationForm(
        request.POST or None,
        round_=nomination.round,
        reason=True,
        initial={"org": nomination.org_id},
    )
    return submit(
        request,
        form,
        services.swap_nomination,
        nomination=nomination,
        data=lambda d: {"reason": d["reason"], **form.service_kwargs()},
        then=lambda new: ("honours:nomination", new.pk),
        success=_("已替换推荐对象"),
    ) or render(
        request,
        "honours/nominate.html",
        {
            "round": nomination.round,
            "form": form,
            "title": _("替换推荐对象：%(n)s") % {"n": nomination},
            "panel": selectors.quota_panel(nomination.round, without=nomination),
            "preview_url": False,
        },
    )


@scoped_view("honours.nominate", lookup=NOMINATION)
def document_add(request, nomination):
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    return _nomination_step(
        request,
        nomination,
        form,
        services.add_document,
        _("上传材料"),
        _("已上传材料"),
        data=lambda d: {"title": d["title"], "upload": d["file"]},
        multipart=True,
    )


@scoped_view("honours.view_nomination", lookup=Lookup(NominationDocument, name="document"))
def document_download(request, document):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)
