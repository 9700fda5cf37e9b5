"""Writes of skill-contest rounds (初赛/复赛/决赛): the scorecard (criteria with weights), the
score rule, judges' criterion scores, and closing a round, which advances the best to the next."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.core.text.punctuation import joined

from .. import selectors
from ..models import (
    STAGE_ORDER,
    CriterionScore,
    RoundStage,
    ScoreRule,
    SkillCriterion,
    SkillRound,
)
from ._common import _decimal, has_conflict
from .events import _event_editable

MAX_CRITERIA = 12


def _no_scores_yet(event):
    # Changing the scorecard or the rule once judges have scored would change results unseen.
    if selectors.scorecard_fixed(event):
        raise ValidationError(_("已有裁判评分，不能再修改评分细则或计分规则"))


@transaction.atomic
def add_criterion(*, actor, event, name, weight, max_score=100):
    """Add a line to the contest's scorecard. Effects: a ``SkillCriterion``; audit."""
    _event_editable(event)
    _no_scores_yet(event)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写评分项名称")})
    weight, top = _decimal(weight, "weight"), _decimal(max_score, "max_score")
    if weight <= 0 or weight > 1000:
        raise ValidationError({"weight": _("权重须大于 0 且不超过 1000")})
    if top <= 0 or top > 1000:
        raise ValidationError({"max_score": _("满分须大于 0 且不超过 1000")})
    if event.criteria.filter(name=name).exists():
        raise ValidationError({"name": _("评分项名称重复")})
    if event.criteria.count() >= MAX_CRITERIA:
        raise ValidationError(_("评分项最多 {limit} 项").format(limit=MAX_CRITERIA))
    criterion = SkillCriterion.objects.create(
        event=event, name=name, weight=weight, max_score=top, order=event.criteria.count() + 1
    )
    audit.record(
        actor, "contests.criterion.add", event, extra={"name": name, "weight": str(weight)}
    )
    return criterion


@transaction.atomic
def set_score_rule(*, actor, event, score_rule):
    """Choose how the judges' totals combine (mean, trimmed mean, median). Audited."""
    _event_editable(event)
    _no_scores_yet(event)
    if score_rule not in ScoreRule.values:
        raise ValidationError({"score_rule": _("请选择计分规则")})
    before = event.score_rule
    event.score_rule = score_rule
    event.save(update_fields=["score_rule"])
    audit.record(
        actor, "contests.event.score_rule", event, changes={"score_rule": [before, score_rule]}
    )
    return event


@transaction.atomic
def add_round(*, actor, event, stage, advance_count=None):
    """Add a round. Rounds run in stage order (初赛, 复赛, 决赛); every round but the final names
    how many advance. Effects: a ``SkillRound``; audit."""
    _event_editable(event)
    if stage not in RoundStage.values:
        raise ValidationError({"stage": _("请选择赛段")})
    if event.rounds.filter(stage=stage).exists():
        raise ValidationError({"stage": _("该赛段已设置")})
    later = [r for r in event.rounds.all() if STAGE_ORDER[r.stage] > STAGE_ORDER[stage]]
    if later or event.rounds.filter(closed_at__isnull=False).exists():
        raise ValidationError(
            {"stage": _("赛段须按初赛、复赛、决赛的顺序添加，且在比赛开始前设置")}
        )
    if stage == RoundStage.FINAL:
        advance_count = None
    elif not advance_count or advance_count < 1:
        raise ValidationError({"advance_count": _("请填写晋级下一轮的人数")})
    elif advance_count > 100000:
        raise ValidationError({"advance_count": _("晋级人数过大")})
    round_ = SkillRound.objects.create(
        event=event, stage=stage, order=STAGE_ORDER[stage], advance_count=advance_count
    )
    audit.record(actor, "contests.round.add", event, extra={"stage": stage})
    return round_


def _judge_for(event, actor, contestant):
    judge = event.judges.filter(user=actor).first()
    # Only the event's judges score.
    if judge is None:
        raise PermissionDenied(_("您不是本项目的裁判"))
    # A judge with a conflict of interest with this contestant may not score them.
    if has_conflict(actor, contestant=contestant):
        raise PermissionDenied(_("您与该选手存在利益关系，须回避"))
    return judge


@transaction.atomic
def score_round(*, actor, round_, contestant, values):
    """A judge scores every criterion of one contestant in one round (re-scoring replaces the
    judge's own scores until the round closes).

    ``values`` maps criterion ids to scores (0..the criterion's maximum). Refused for a judge
    with a conflict, a contestant not in the round, a closed round, a missing criterion.
    Effects: ``CriterionScore`` rows; audit ``contests.round.score``.
    """
    require_perm("contests.judge_event")
    round_ = get_scoped_or_404(
        SkillRound.objects.select_for_update().select_related("event__org"), pk=round_.pk
    )
    event = round_.event
    if event.results_published or round_.is_closed:
        raise ValidationError(_("本轮已结束，不能修改成绩"))
    if not selectors.round_open(round_):
        raise ValidationError(_("上一轮尚未结束，本轮还不能评分"))
    judge = _judge_for(event, actor, contestant)
    if contestant.pk not in selectors.entrant_ids(round_):
        raise ValidationError(_("该选手不在本轮比赛名单中"))
    criteria = list(event.criteria.all())
    if not criteria:
        raise ValidationError(_("请先设置评分细则"))
    errors, clean = {}, {}
    for c in criteria:
        raw = values.get(c.pk, values.get(str(c.pk)))
        if raw in (None, ""):
            errors[f"c{c.pk}"] = _("请为“{name}”评分").format(name=c.name)
            continue
        try:
            value = _decimal(raw, f"c{c.pk}")
        except ValidationError:
            errors[f"c{c.pk}"] = _("请输入数字")
            continue
        if not 0 <= value <= c.max_score:
            errors[f"c{c.pk}"] = _("“{name}”的分数须在 0–{max_score} 之间").format(
                name=c.name, max_score=c.max_score
            )
        clean[c.pk] = value
    if errors:
        raise ValidationError(errors)
    for c in criteria:
        CriterionScore.objects.update_or_create(
            judge=judge,
            contestant=contestant,
            round=round_,
            criterion=c,
            defaults={"score": clean[c.pk]},
        )
    audit.record(
        actor,
        "contests.round.score",
        event,
        extra={"round": round_.stage, "contestant": contestant.number},
    )
    return clean


@transaction.atomic
def close_round(*, actor, round_):
    """Close a round: its results are fixed and the best ``advance_count`` (ties at the cut
    together) become the next round's entrants. Refused while a contestant has no result.
    Effects: ``closed_at``; the next round's entrants; audit ``contests.round.close``."""
    _event_editable(round_.event)
    round_ = get_scoped_or_404(
        SkillRound.objects.select_for_update().select_related("event__org"), pk=round_.pk
    )
    if round_.is_closed:
        raise ValidationError(_("本轮已结束"))
    if not selectors.round_open(round_):
        raise ValidationError(_("上一轮尚未结束"))
    results = selectors.round_results(round_)
    missing = [r["contestant"].number for r in results if r["final"] is None]
    if missing:
        raise ValidationError(_("以下选手尚无有效成绩：") + joined(missing))
    following = round_.event.rounds.filter(order__gt=round_.order).order_by("order").first()
    advanced = [r["contestant"] for r in results if r["advances"]]
    if following is not None:
        following.entrants.set(advanced)
    round_.closed_at, round_.closed_by = timezone.now(), actor
    round_.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor,
        "contests.round.close",
        round_.event,
        extra={"round": round_.stage, "advanced": len(advanced)},
    )
    return advanced
