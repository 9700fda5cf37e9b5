"""Pages of skill-contest rounds (初赛/复赛/决赛): the scorecard and score rule, each round's
results with who advances, the judges' scorecards and closing a round."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view

from .. import forms, selectors, services
from ..models import SkillEvent, SkillRound
from ._common import EVENT, _post_form, _run
from .events import _event_post

# A round of a contest in scope (404 outside it).
ROUND = Lookup(
    lambda: SkillRound.objects.filter(event__in=SkillEvent.objects.all()).select_related(
        "event__org"
    ),
    name="round_",
)


@scoped_view("contests.manage_event", lookup=EVENT)
def round_add(request, event):

    def perform(data):
        services.add_round(
            actor=request.user,
            event=event,
            stage=data["stage"],
            advance_count=data["advance_count"],
        )

    return _event_post(request, event, forms.RoundForm(request.POST), perform, _("已添加轮次"))


@scoped_view("contests.manage_event", lookup=EVENT)
def criterion_add(request, event):

    def perform(data):
        services.add_criterion(actor=request.user, event=event, **data)

    return _event_post(
        request, event, forms.CriterionForm(request.POST), perform, _("已添加评分项")
    )


@scoped_view("contests.manage_event", lookup=EVENT)
def score_rule(request, event):

    def perform(data):
        services.set_score_rule(actor=request.user, event=event, score_rule=data["score_rule"])

    return _event_post(
        request, event, forms.ScoreRuleForm(request.POST), perform, _("已保存计分规则")
    )


def _score_form(round_, data=None):
    event = round_.event
    ids = selectors.entrant_ids(round_)
    contestants = [c for c in event.contestants.select_related("member") if c.pk in ids]
    return forms.RoundScoreForm(data, contestants=contestants, criteria=event.criteria.all())


@scoped_view("contests.view_event", lookup=ROUND)
def round_detail(request, round_):
    """One round's results (rank, judges' totals, result, who advances) and, for a judge, the
    scorecard."""
    event = round_.event
    return render(
        request,
        "contests/round_detail.html",
        {
            "round": round_,
            "event": event,
            "results": selectors.round_results(round_),
            "rule": selectors.rule_text(event),
            "criteria": event.criteria.all(),
            "open": selectors.round_open(round_) and not round_.is_closed,
            "is_judge": event.judges.filter(user=request.user).exists(),
            "score_form": _score_form(round_),
        },
    )


@scoped_view("contests.judge_event", lookup=ROUND)
def round_score(request, round_):
    form = _score_form(round_, request.POST if request.method == "POST" else None)

    def perform(data):
        contestant = round_.event.contestants.get(pk=data["contestant"])
        services.score_round(
            actor=request.user, round_=round_, contestant=contestant, values=form.values()
        )

    return _post_form(request, form, perform, _("已记录评分"), ("contests:round", round_.pk))


@scoped_view("contests.manage_event", lookup=ROUND)
def round_close(request, round_):
    _run(
        request,
        lambda: services.close_round(actor=request.user, round_=round_),
        _("本轮已结束，晋级名单已确定"),
    )
    return redirect("contests:round", pk=round_.pk)
