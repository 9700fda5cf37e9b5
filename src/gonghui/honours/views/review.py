"""Pages of the review chain: review, resubmit, the queue, scoring, recusal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.paging import COUNT_CAP, paginate

from .. import forms, selectors, services
from ..workflows import (
    NOMINATION_WORKFLOW,
    STREET_TRANSITIONS,
    why_not_reviewer,
)
from ._common import NOMINATION, _done, _nomination_step, _reason_action

REVIEW_TRANSITIONS = STREET_TRANSITIONS | {"approve", "return", "reject"}


def _review_choices(nomination, user):
    names = {t.name: t.label for t in NOMINATION_WORKFLOW.available(nomination, actor=user)}
    return [(d, names[d]) for d in services.DECISIONS if d in names]


@scoped_view("honours.review_nomination", lookup=NOMINATION)
def review(request, nomination):
    """A level's decision (street recommendation / organiser approval, return or refusal)."""
    choices = _review_choices(nomination, request.user)
    if not choices:
        # In scope but not this level's turn (or a four-eyes conflict): say why.
        problems = why_not_reviewer(nomination, request.user)
        raise PermissionDenied(problems)
    form = forms.ReviewForm(request.POST or None, choices=choices)
    check = services.stage_check(nomination)
    return _nomination_step(
        request,
        nomination,
        form,
        services.review,
        _("审核"),
        _("已记录审核意见"),
        round=nomination.round,
        note=check.text if check else "",
        problems=check.problems if check else [],
    )


@scoped_view("honours.nominate", lookup=NOMINATION)
def resubmit(request, nomination):
    form = forms.OptionalReasonForm(request.POST or None)
    return _nomination_step(
        request,
        nomination,
        form,
        services.resubmit,
        _("重新提交"),
        _("已重新提交"),
        round=nomination.round,
    )


@scoped_view("honours.review_nomination")
def review_queue(request):
    rows = selectors.review_queue()
    page = paginate(request, rows, 50, cap=COUNT_CAP)
    return render(request, "honours/review_queue.html", {"page": page})


@scoped_view("honours.score_nomination", lookup=NOMINATION)
def score(request, nomination):
    criteria = list(nomination.round.criteria.all())
    errors = {}
    if request.method == "POST":
        values = {c.id: request.POST.get(f"c{c.id}", "").strip() for c in criteria}
        try:
            services.record_scores(actor=request.user, nomination=nomination, values=values)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            return _done(request, _("已保存评分"), redirect("honours:nomination", pk=nomination.pk))
    return render(
        request,
        "honours/score.html",
        {
            "n": nomination,
            "criteria": criteria,
            "errors": [m for messages_ in errors.values() for m in messages_],
        },
    )


@scoped_view("honours.score_nomination", lookup=NOMINATION)
def recuse(request, nomination):
    return _reason_action(request, nomination, services.recuse, _("申请回避"), _("已回避"))
