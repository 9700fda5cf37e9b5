"""The review chain (street stage, organiser stage), recusals and judges' scores."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.text.punctuation import semicolon

from .. import quotas, selectors
from ..models import (
    PAST_DISTRICT_STATUSES,
    PAST_STREET_STATUSES,
    AwardRound,
    Criterion,
    Nomination,
    NominationStatus,
    Recusal,
    Score,
)
from ..workflows import NOMINATION_WORKFLOW as WF
from ._common import _lock
from .rounds import _flag_conflicts

# --- the review chain: street stage, organiser stage --------------------------------------------

# decision -> (transition, stage)
DECISIONS = {
    "street_approve": ("street_approve", "street"),
    "street_return": ("street_return", "street"),
    "street_reject": ("street_reject", "street"),
    "approve": ("approve", "organiser"),
    "return": ("return", "organiser"),
    "reject": ("reject", "organiser"),
}


def street_check(nomination, *, adding=True):
    """The street stage's quota check: the street's recommended nominations of the round (and
    ``nomination`` when ``adding``) against the round's places per street."""
    round_ = nomination.round
    # unscoped: counts across all unions of the round (quota), no row shown
    qs = Nomination.unscoped.filter(
        round=round_, street_org_id=nomination.street_org_id, status__in=PAST_STREET_STATUSES
    ).exclude(pk=nomination.pk)
    return _stage_check(round_, qs, nomination if adding else None, "street", round_.street_places)


def organiser_check(nomination, *, adding=True):
    """The organiser stage's quota check: the round's approved nominations (and ``nomination``
    when ``adding``) against the round's places."""
    round_ = nomination.round
    # unscoped: counts across all unions of the round (quota), no row shown
    qs = Nomination.unscoped.filter(round=round_, status__in=PAST_DISTRICT_STATUSES).exclude(
        pk=nomination.pk
    )
    return _stage_check(round_, qs, nomination if adding else None, "organiser", round_.quota)


def _stage_check(round_, qs, extra, stage, places):
    from django.db.models import Count, Q

    counts = qs.aggregate(
        total=Count("id"),
        heads=Count("id", filter=Q(is_enterprise_head=True)),
        non_frontline=Count("id", filter=Q(is_frontline=False)),
    )
    if extra is not None:
        counts["total"] += 1
        counts["heads"] += int(extra.is_enterprise_head)
        counts["non_frontline"] += int(not extra.is_frontline)
    return quotas.stage_check(
        stage=str(quotas.STAGE_LABELS[stage]),
        places=places,
        count=counts["total"],
        heads=counts["heads"],
        non_frontline=counts["non_frontline"],
        min_frontline_pct=round_.min_frontline_pct,
        max_heads_pct=round_.max_heads_pct,
        person_quotas=round_.has_person_quotas,
    )


@transaction.atomic
def review(*, actor, nomination, decision, reason=""):
    """One level's decision on a nomination: the street union recommends it upward, returns it
    for revision or turns it down; the organiser approves it for public notice, returns it or
    turns it down. Each stage's quota is checked before an approval."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("请选择审核意见")})
    name, stage = DECISIONS[decision]
    # Lock the round's row so that two approvals cannot both take the last place.
    # unscoped: re-read under lock; the caller found it in scope
    AwardRound.unscoped.select_for_update().filter(pk=nomination.round_id).first()
    nomination = _lock(nomination)
    if not org_in_scope(nomination.org):
        raise Http404
    reason = (reason or "").strip()
    # The workflow's own checks first: someone who may not decide learns nothing of the quota.
    WF.check(nomination, name, actor=actor, reason=reason)
    data = {}
    if name in ("street_approve", "approve"):
        check = street_check(nomination) if stage == "street" else organiser_check(nomination)
        if not check.ok:
            raise ValidationError(_("名额结构不符合要求：") + semicolon().join(check.problems))
        # the stage's places as they stood, worded when the history is read
        data = {"check": quotas.check_data(check, stage)}
    now = timezone.now()
    if stage == "street":
        nomination.street_reviewed_by = actor
        nomination.street_reviewed_at = now
    else:
        nomination.district_reviewed_by = actor
        nomination.district_reviewed_at = now
    WF.apply(nomination, name, actor=actor, reason=reason, data=data)
    audit.record(
        actor,
        f"honours.nomination.{name}",
        nomination,
        extra={"reason": reason, "scope": getattr(current_scope(required=False), "org_id", None)},
    )
    return nomination


@transaction.atomic
def resubmit(*, actor, nomination, reason=""):
    """The nominating union sends a returned nomination back into the chain (to the street
    stage if it has one)."""
    nomination = _lock(nomination)
    require_perm("honours.nominate")
    if not org_in_scope(nomination.org):
        raise Http404
    nomination.street_reviewed_by = None
    nomination.street_reviewed_at = None
    nomination.district_reviewed_by = None
    nomination.district_reviewed_at = None
    name = "resubmit" if nomination.street_org_id else "resubmit_direct"
    WF.apply(nomination, name, actor=actor, reason=(reason or "").strip())
    audit.record(actor, "honours.nomination.resubmit", nomination)
    return nomination


def _require_judge(nomination, actor):
    judge = selectors.judge_of(nomination.round, actor)
    if judge is None:
        raise PermissionDenied(_("您不是本次评选的评委"))
    return judge


@transaction.atomic
def recuse(*, actor, nomination, reason):
    """A judge stands aside from a nomination; any scores already given stop counting."""
    require_perm("honours.score_nomination")
    judge = _require_judge(nomination, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写回避理由")})
    recusal, created = Recusal.objects.get_or_create(
        judge=judge, nomination=nomination, defaults={"reason": reason.strip()}
    )
    if not created:
        raise ValidationError(_("您已回避该推荐对象"))
    audit.record(actor, "honours.judge.recuse", nomination, extra={"reason": reason.strip()})
    return recusal


@transaction.atomic
def record_scores(*, actor, nomination, values):
    """A judge scores a nomination on every criterion (``values``: {criterion_id: number})."""
    require_perm("honours.score_nomination")
    nomination = _lock(nomination)
    judge = _require_judge(nomination, actor)
    if nomination.status != NominationStatus.UNDER_REVIEW:
        raise ValidationError(_("只有评审中的推荐对象可以评分"))
    deadline = nomination.round.review_deadline
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(
            _("评审已于 {deadline:%Y-%m-%d} 截止，不能再评分").format(deadline=deadline)
        )
    _flag_conflicts(nomination.round, judges=[judge], nominations=[nomination])
    recusal = Recusal.objects.filter(judge=judge, nomination=nomination).first()
    if recusal is not None:
        raise ValidationError(
            _("您已回避该推荐对象（{reason}），不能评分").format(reason=recusal.reason)
        )
    criteria = list(Criterion.objects.filter(round=nomination.round))
    if not criteria:
        raise ValidationError(_("本次评选尚未设置评分表"))
    errors = {}
    clean = {}
    for criterion in criteria:
        try:
            value = Decimal(str(values.get(criterion.id, "")))
        except InvalidOperation:
            errors[f"c{criterion.id}"] = _("“{name}”请填写数字").format(name=criterion.name)
            continue
        if not (0 <= value <= criterion.max_score):
            errors[f"c{criterion.id}"] = _("“{name}”应在 0 到 {max_score} 之间").format(
                name=criterion.name, max_score=criterion.max_score
            )
        clean[criterion] = value
    if errors:
        raise ValidationError(errors)
    for criterion, value in clean.items():
        Score.objects.update_or_create(
            judge=judge, nomination=nomination, criterion=criterion, defaults={"value": value}
        )
    audit.record(
        actor, "honours.score.record", nomination, extra={c.name: str(v) for c, v in clean.items()}
    )


def stage_check(nomination):
    """The quota check of the stage the nomination waits at (text for the page), or ``None``."""
    if nomination.status == NominationStatus.NOMINATED and nomination.street_org_id:
        return street_check(nomination)
    if nomination.status == NominationStatus.UNDER_REVIEW:
        return organiser_check(nomination)
    return None
