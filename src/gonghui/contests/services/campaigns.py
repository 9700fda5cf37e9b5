"""Writes of labour competitions: set-up, teams, score entries, conflicts, the board."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.members.models import Member

from .. import selectors
from ..models import (
    Campaign,
    CampaignStatus,
    Conflict,
    DistrictGoal,
    Indicator,
    ScoreEntry,
    Team,
)
from ._common import PERIOD, _decimal, _in_scope, has_conflict


def check_value(indicator, value):
    """The reason ``value`` is outside the indicator's declared range, or ``None``."""
    if indicator.min_value is not None and value < indicator.min_value:
        return _("数值不能小于 {min_value}（{name} 的取值下限）").format(
            min_value=indicator.min_value, name=indicator.name
        )
    if indicator.max_value is not None and value > indicator.max_value:
        return _("数值不能大于 {max_value}（{name} 的取值上限）").format(
            max_value=indicator.max_value, name=indicator.name
        )
    return None


@transaction.atomic
def create_campaign(
    *,
    actor,
    org,
    theme,
    start_date,
    end_date,
    goals=(),
    description="",
    rank_style="competition",
    units=(),
):
    """A competition organised by ``org``. Effects: the campaign, an audit event."""
    require_perm("contests.manage_campaign")
    _in_scope(org)
    if end_date < start_date:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
    unknown = set(goals) - set(DistrictGoal.values)
    if unknown:
        raise ValidationError({"goals": _("未知的区域目标")})
    campaign = Campaign.objects.create(
        org=org,
        theme=theme.strip(),
        start_date=start_date,
        end_date=end_date,
        goals=list(goals),
        description=description,
        rank_style=rank_style,
        created_by=actor,
    )
    for unit in units:
        _in_scope(unit)
        if not unit.path.startswith(org.path):
            raise ValidationError({"units": _("参赛单位须为主办单位本身或其下级组织")})
    campaign.units.set(units)
    audit.record(
        actor,
        "contests.campaign.create",
        campaign,
        changes=audit.diff({}, audit.snapshot(campaign)),
    )
    return campaign


def _editable(campaign):
    require_perm("contests.manage_campaign")
    _in_scope(campaign.org)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("竞赛已结束，不能修改"))


@transaction.atomic
def add_indicator(
    *,
    actor,
    campaign,
    name,
    weight,
    direction="higher",
    unit="",
    aggregation="sum",
    goal="",
    min_value=None,
    max_value=None,
    self_reported=False,
):
    """An indicator, optionally with a range of accepted values and open to teams' own
    reporting (``self_reported``: team leaders submit figures, organisers confirm them)."""
    _editable(campaign)
    weight = _decimal(weight, "weight")
    if weight < 0:
        raise ValidationError({"weight": _("权重不能为负数")})
    name = name.strip()
    if campaign.indicators.filter(name=name).exists():
        raise ValidationError({"name": _("该竞赛已有同名指标")})
    min_value = None if min_value in (None, "") else _decimal(min_value, "min_value")
    max_value = None if max_value in (None, "") else _decimal(max_value, "max_value")
    if min_value is not None and max_value is not None and max_value < min_value:
        raise ValidationError({"max_value": _("取值上限不能小于下限")})
    indicator = Indicator.objects.create(
        campaign=campaign,
        name=name,
        weight=weight,
        direction=direction,
        unit=unit,
        aggregation=aggregation,
        goal=goal,
        min_value=min_value,
        max_value=max_value,
        self_reported=bool(self_reported),
        order=campaign.indicators.count(),
    )
    audit.record(
        actor,
        "contests.indicator.add",
        campaign,
        extra={
            "indicator": name,
            "weight": str(weight),
            "direction": direction,
            "range": indicator.range_text(),
            "self_reported": indicator.self_reported,
        },
    )
    return indicator


@transaction.atomic
def set_tie_rule(*, actor, campaign, tie_breakers, rank_style):
    """Declare the tie rule: indicators compared in order after the total, and how shared
    ranks count. Refused once the board is frozen (the rule must be known before the final)."""
    _editable(campaign)
    if campaign.is_frozen:
        raise ValidationError(_("已封榜，不能修改同分规则"))
    ids = set(campaign.indicators.values_list("pk", flat=True))
    tie_breakers = [int(i) for i in tie_breakers]
    if not set(tie_breakers) <= ids or len(set(tie_breakers)) != len(tie_breakers):
        raise ValidationError({"tie_breakers": _("同分比较指标须为本竞赛的指标且不重复")})
    campaign.tie_breakers = tie_breakers
    campaign.rank_style = rank_style
    campaign.save(update_fields=["tie_breakers", "rank_style"])
    audit.record(
        actor,
        "contests.campaign.tie_rule",
        campaign,
        extra={"rule": selectors.tie_rule_text(campaign)},
    )
    return campaign


@transaction.atomic
def add_team(*, actor, campaign, name, unit, leader="", code=""):
    _editable(campaign)
    _in_scope(unit)
    if not unit.path.startswith(campaign.org.path):
        # A team is seen on its unit's branch: a unit outside the organiser's subtree would be
        # shown the campaign, its teams and their figures.
        raise ValidationError({"unit": _("参赛单位须为主办单位本身或其下级组织")})
    name, code = name.strip(), code.strip()
    if campaign.teams.filter(name=name).exists():
        raise ValidationError({"name": _("该竞赛已有同名班组")})
    if code and campaign.teams.filter(code=code).exists():
        raise ValidationError({"code": _("该竞赛已有相同编号的班组")})
    team = Team.objects.create(campaign=campaign, name=name, unit=unit, leader=leader, code=code)
    campaign.units.add(unit)
    audit.record(actor, "contests.team.add", campaign, extra={"team": team.name, "code": code})
    return team


def may_lead(user, team):
    """Whether ``user`` can be made leader of ``team``: a member of the team's unit (or below)
    with a login, or someone holding a role in that unit's subtree."""
    from gonghui.core.models import RoleAssignment
    from gonghui.core.scoping import subtree_q

    in_unit = subtree_q(team.unit.path, "org__path")
    if RoleAssignment.objects.filter(in_unit, user=user).exists():
        return True
    # unscoped: is the user a member in the team's unit (a leader may act outside the scope)
    return Member.unscoped.filter(subtree_q(team.unit.path, "org_path"), user=user).exists()


@transaction.atomic
def set_team_leader(*, actor, team, user):
    """Link a login to a team as its leader (班组长/队长), or unlink with ``user=None``. The
    leader follows the team's figures on a phone and submits its self-reported indicators."""
    campaign = team.campaign
    _editable(campaign)
    _in_scope(team.unit)
    if user is not None and not may_lead(user, team):
        raise ValidationError({"user": _("班组长须为该班组所在单位的会员或工作人员")})
    before = team.leader_user
    team.leader_user = user
    if user is not None and not team.leader:
        team.leader = (user.full_name or user.username)[:50]
    team.save(update_fields=["leader_user", "leader"])
    audit.record(
        actor,
        "contests.team.leader",
        campaign,
        extra={"team": team.name, "from": str(before or ""), "to": str(user or "")},
    )
    return team


@transaction.atomic
def start_campaign(*, actor, campaign):
    _editable(campaign)
    if not campaign.indicators.exists() or not campaign.teams.exists():
        raise ValidationError(_("请先设置指标和参赛班组"))
    campaign.status = CampaignStatus.RUNNING
    campaign.save(update_fields=["status"])
    audit.record(actor, "contests.campaign.start", campaign)
    return campaign


def _check_period(campaign, period):
    match = PERIOD.match(period or "")
    if not match:
        raise ValidationError({"period": _("期间格式应为 2026-03")})
    first = f"{campaign.start_date:%Y-%m}"
    last = f"{campaign.end_date:%Y-%m}"
    if not first <= period <= last:
        raise ValidationError(
            {"period": _("期间须在竞赛周期 {first} 至 {last} 之内").format(first=first, last=last)}
        )


def _record_entry(actor, team, indicator, period, value, note, source):
    campaign = team.campaign
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError(_("竞赛未在进行中，不能填报"))
    if indicator.campaign_id != campaign.pk:
        raise ValidationError({"indicator": _("指标不属于本竞赛")})
    _check_period(campaign, period)
    value = _decimal(value, "value")
    problem = check_value(indicator, value)
    if problem:
        raise ValidationError({"value": problem})
    old = (
        ScoreEntry.objects.select_for_update()
        .filter(team=team, indicator=indicator, period=period, is_current=True)
        .first()
    )
    if old is not None:
        old.is_current = False
        old.save(update_fields=["is_current"])
    entry = ScoreEntry.objects.create(
        team=team,
        indicator=indicator,
        period=period,
        value=value,
        note=note.strip()[:200],
        entered_by=actor,
        supersedes=old,
    )
    audit.record(
        actor,
        "contests.entry.correct" if old else "contests.entry.enter",
        campaign,
        extra={
            "team": team.name,
            "indicator": indicator.name,
            "period": period,
            "value": str(entry.value),
            "supersedes": old.pk if old else None,
            "source": source,
        },
    )
    return entry


@transaction.atomic
def enter_score(*, actor, team, indicator, period, value, note="", source="form"):
    """Record a figure. An existing current entry for the same team, indicator and period is
    superseded (kept, no longer current): corrections are new entries, never edits. The entry
    counts once a second person confirms it; ``actor`` is its author (also for imports)."""
    require_perm("contests.enter_score")
    _in_scope(team.campaign.org)
    return _record_entry(actor, team, indicator, period, value, note, source)


def leads(user, team, scope):
    """``user`` is the team's leader and works in a scope on the team's branch of the tree
    (the team's unit is in their subtree, or their org lies inside the team's unit)."""
    if user is None or team.leader_user_id != user.pk or scope is None:
        return False
    path = team.unit.path
    return scope.contains_path(path) or scope.org_path.startswith(path)


@transaction.atomic
def submit_team_score(*, actor, team, indicator, period, value, note=""):
    """A team leader reports a figure of their own team for an indicator open to self-reporting.
    Like every entry it counts only after an organiser (a second person) confirms it."""
    from gonghui.core.scoping import current_scope

    require_perm("contests.lead_team")
    team = get_scoped_or_404(
        Team.objects.select_for_update().select_related("campaign", "unit"), pk=team.pk
    )
    # Only the team's own leader reports for it; to anyone else the team does not exist.
    if not leads(actor, team, current_scope(required=False)):
        raise Http404
    # Indicators not open to self-reporting are entered by the organisers.
    if not indicator.self_reported:
        raise PermissionDenied(_("该指标由组织者填报，班组不能自报"))
    current = ScoreEntry.objects.filter(
        team=team, indicator=indicator, period=period, is_current=True
    ).first()
    # A leader corrects their own unconfirmed figure; a confirmed one, or one entered by the
    # organisers, is corrected by the organisers (else a leader could withdraw a confirmed
    # figure from the ranking).
    if current is not None and (current.confirmed_at or current.entered_by_id != actor.pk):
        raise ValidationError({"period": _("该期数据已由组织者填报或已确认，如需更正请联系组织者")})
    return _record_entry(actor, team, indicator, period, value, note, "team_leader")


@transaction.atomic
def confirm_entry(*, actor, entry):
    """A second person confirms an entry as it stands (no value can be changed here).

    Refused: the person who entered it; anyone with a recorded conflict in the team; an entry
    already confirmed or superseded."""
    require_perm("contests.confirm_score")
    entry = get_scoped_or_404(
        ScoreEntry.objects.select_for_update().select_related("team__campaign__org"), pk=entry.pk
    )
    _in_scope(entry.team.campaign.org)
    # Four eyes: the author of an entry may not confirm it.
    if entry.entered_by_id == actor.pk:
        raise PermissionDenied(_("不能确认本人填报的数据，须由第二人确认"))
    # A recorded conflict of interest bars confirming that team's figures.
    if has_conflict(actor, team=entry.team):
        raise PermissionDenied(_("您与该班组存在利益关系，不能确认其数据"))
    if not entry.is_current:
        raise ValidationError(_("该数据已被更正，请确认更正后的数据"))
    if entry.confirmed_at is not None:
        raise ValidationError(_("该数据已确认"))
    entry.confirmed_by = actor
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(
        actor,
        "contests.entry.confirm",
        entry.team.campaign,
        extra={"entry": entry.pk, "team": entry.team.name, "value": str(entry.value)},
    )
    return entry


@transaction.atomic
def record_conflict(*, actor, user, reason, team=None, contestant=None):
    """Record a conflict of interest of ``user`` with a team or a contestant."""
    require_perm("contests.record_conflict")
    if not reason.strip():
        raise ValidationError({"reason": _("请填写原因")})
    if (team is None) == (contestant is None):
        raise ValidationError(_("请选择班组或选手之一"))
    owner = team.campaign if team else contestant.event
    _in_scope(owner.org)
    conflict = Conflict.objects.create(
        campaign=team.campaign if team else None,
        team=team,
        event=contestant.event if contestant else None,
        contestant=contestant,
        user=user,
        reason=reason.strip()[:200],
        recorded_by=actor,
    )
    audit.record(
        actor,
        "contests.conflict.record",
        owner,
        extra={"user": str(user), "with": str(team or contestant), "reason": reason},
    )
    return conflict


@transaction.atomic
def freeze_board(*, actor, campaign):
    """Freeze the public board: the public sees this snapshot, organisers keep the live one."""
    require_perm("contests.freeze_board")
    _in_scope(campaign.org)
    if campaign.is_frozen:
        raise ValidationError(_("排行榜已封榜"))
    campaign.frozen_board = selectors.live_board(campaign)
    campaign.frozen_at = timezone.now()
    campaign.save(update_fields=["frozen_board", "frozen_at"])
    audit.record(actor, "contests.board.freeze", campaign)
    return campaign


@transaction.atomic
def close_campaign(*, actor, campaign):
    """End the competition: the final ranking is computed and published on the public board."""
    require_perm("contests.freeze_board")
    _editable(campaign)
    campaign.final_board = selectors.live_board(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["final_board", "status"])
    audit.record(
        actor,
        "contests.campaign.close",
        campaign,
        extra={"winners": [r["team"] for r in campaign.final_board["rows"][:3]]},
    )
    return campaign
