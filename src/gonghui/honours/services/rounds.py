"""Writes of award rounds: creation, scorecards, judges, the start and close of review."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.punctuation import joined

from .. import selectors
from ..models import (
    PAST_STREET_STATUSES,
    AwardRound,
    AwardType,
    Criterion,
    Judge,
    Nomination,
    NominationStatus,
    Recusal,
    Score,
)
from ..workflows import NOMINATION_WORKFLOW as WF
from ._common import CONFLICT_REASON, PCT_KEYS, _require_manager
from .award_types import _check_pct

# --- rounds, scorecards, judges ---------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    actor,
    award_type,
    year,
    title,
    quota,
    nomination_deadline,
    review_deadline=None,
    street_quota=None,
    min_frontline_pct=None,
    max_heads_pct=None,
    org=None,
):
    """Open a round (one year or campaign) of ``award_type``, organised by the award's union.
    The quota percentages come from the award type unless given for this round; the notice
    period from the settings in force. All are copied onto the round."""
    require_perm("honours.manage_round")
    # unscoped: re-read under lock; the caller found it in scope
    award_type = AwardType.unscoped.select_related("org").get(pk=award_type.pk)
    if not org_in_scope(award_type.org):
        raise Http404
    if org is not None and org.pk != award_type.org_id:
        raise ValidationError({"award_type": _("评选须由奖项设立单位组织")})
    org = award_type.org
    errors = {}
    if not award_type.is_active:
        errors["award_type"] = _("该奖项已停用")
    if quota < 1:
        errors["quota"] = _("名额至少为 1")
    if street_quota is not None and street_quota < 1:
        errors["street_quota"] = _("每个街道推荐名额至少为 1")
    _check_pct(errors, "min_frontline_pct", min_frontline_pct)
    _check_pct(errors, "max_heads_pct", max_heads_pct)
    if errors:
        raise ValidationError(errors)
    frontline = award_type.min_frontline_pct if min_frontline_pct is None else min_frontline_pct
    heads = award_type.max_heads_pct if max_heads_pct is None else max_heads_pct
    source = (
        _("本次评选设定") if (min_frontline_pct, max_heads_pct) != (None, None) else _("奖项设置")
    )
    labels = [config.definitions()[k].label for k in PCT_KEYS]
    round_ = AwardRound.objects.create(
        org=org,
        year=year,
        award_type=award_type,
        title=title,
        quota=quota,
        street_quota=street_quota,
        nomination_deadline=nomination_deadline,
        review_deadline=review_deadline,
        min_frontline_pct=frontline,
        max_heads_pct=heads,
        notice_working_days=config.get("honours.notice_working_days", org=org),
        rules_note=(
            f"{labels[0]} = {Decimal(frontline).normalize():f}；"
            f"{labels[1]} = {Decimal(heads).normalize():f}"
            f"（{source}：{award_type.name}）；"
            + config.describe("honours.notice_working_days", org=org)
        )[:300],
        created_by=actor,
    )
    audit.record(actor, "honours.round.create", round_, changes=audit.snapshot(round_))
    return round_


@transaction.atomic
def add_criterion(*, actor, round_, name, weight, max_score=Decimal(100)):
    _require_manager(round_)
    if Score.objects.filter(criterion__round=round_).exists():
        raise ValidationError(_("已有评分，不能再修改评分表"))
    if Decimal(weight) <= 0 or Decimal(max_score) <= 0:
        raise ValidationError({"weight": _("权重和满分必须大于 0")})
    if Criterion.objects.filter(round=round_, name=name).exists():
        raise ValidationError({"name": _("评分项名称重复")})
    criterion = Criterion.objects.create(
        round=round_,
        name=name,
        weight=weight,
        max_score=max_score,
        order=round_.criteria.count() + 1,
    )
    audit.record(
        actor,
        "honours.criterion.create",
        round_,
        extra={"name": name, "weight": str(weight), "max_score": str(max_score)},
    )
    return criterion


@transaction.atomic
def add_judge(*, actor, round_, user, employer=None):
    """Appoint a judge; nominees from the judge's own employer are recused automatically."""
    _require_manager(round_)
    if Judge.objects.filter(round=round_, user=user).exists():
        raise ValidationError({"user": _("该用户已是本次评选的评委")})
    judge = Judge.objects.create(round=round_, user=user, employer=employer)
    _flag_conflicts(round_, judges=[judge])
    audit.record(
        actor,
        "honours.judge.add",
        round_,
        extra={"user": user.username, "employer": str(employer or "")},
    )
    return judge


def _flag_conflicts(round_, *, judges=None, nominations=None):
    """A judge from the nominee's own employer must recuse: record it (automatic)."""
    judges = (
        judges
        if judges is not None
        else list(
            Judge.objects.filter(round=round_, employer__isnull=False).select_related("employer")
        )
    )
    nominations = (
        nominations
        if nominations is not None
        # unscoped: rows of a parent the caller found in scope (quota shares)
        else list(Nomination.unscoped.filter(round=round_).select_related("member"))
    )
    created = []
    for judge in judges:
        if judge.employer_id is None:
            continue
        for nomination in nominations:
            if nomination.nominee_employer_id != judge.employer_id:
                continue
            recusal, made = Recusal.objects.get_or_create(
                judge=judge,
                nomination=nomination,
                defaults={
                    "automatic": True,
                    "reason": CONFLICT_REASON.format(employer=judge.employer.name),
                },
            )
            if made:
                created.append(recusal)
    return created


# --- review ------------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, actor, round_):
    """The organiser starts its review round for the nominations recommended to it (by the
    street unions, or made directly): refused while the quota panel of the nominations it
    reviews (recommended or further) shows a problem."""
    _require_manager(round_)
    # unscoped: rows of a parent the caller found in scope
    waiting = Nomination.unscoped.filter(round=round_, status=NominationStatus.RECOMMENDED)
    if not waiting.exists():
        raise ValidationError(_("尚无待评审的推荐对象"))
    panel = selectors.quota_panel(round_, statuses=PAST_STREET_STATUSES)
    if not panel.ok:
        raise ValidationError(_("名额结构不符合要求：") + joined(panel.problems, "semicolon"))
    moved = 0
    for nomination in waiting.select_for_update(of=("self",)):
        WF.apply(nomination, "start_review", actor=actor)
        moved += 1
    audit.record(actor, "honours.round.start_review", round_, extra={"nominations": moved})
    return moved


@transaction.atomic
def close_round(*, actor, round_):
    _require_manager(round_)
    round_.is_closed = True
    round_.save(update_fields=["is_closed"])
    audit.record(actor, "honours.round.close", round_)
    return round_


def default_deadline(today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=30)
