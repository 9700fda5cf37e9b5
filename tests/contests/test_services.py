import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404

from gonghui.contests import selectors, services
from gonghui.contests.models import ScoreEntry
from tests.conftest import acting
from tests.innovation.helpers import assign, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def comp(cast):
    with acting(cast.chair_a):
        campaign = services.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="甲工会节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            goals=["energy_saving"],
        )
        saving = services.add_indicator(
            actor=cast.chair_a,
            campaign=campaign,
            name="节能量",
            unit="吨标煤",
            weight=60,
            goal="energy_saving",
        )
        defects = services.add_indicator(
            actor=cast.chair_a,
            campaign=campaign,
            name="废品率",
            unit="%",
            weight=40,
            direction="lower",
            aggregation="avg",
        )
        teams = [
            services.add_team(actor=cast.chair_a, campaign=campaign, name=n, unit=cast.union_a)
            for n in ("一班", "二班", "三班")
        ]
        services.start_campaign(actor=cast.chair_a, campaign=campaign)
    cast.campaign, cast.saving, cast.defects, cast.teams = campaign, saving, defects, teams
    return cast


def enter(cast, team, indicator, value, period="2026-03", user=None):
    user = user or cast.staff_a
    with acting(user):
        return services.enter_score(
            actor=user, team=team, indicator=indicator, period=period, value=value
        )


def confirm(user, entry):
    with acting(user):
        return services.confirm_entry(actor=user, entry=entry)


def test_confirmer_cannot_confirm_own_entry(comp):
    entry = enter(comp, comp.teams[0], comp.saving, "12.5")
    with pytest.raises(PermissionDenied, match="本人"):
        confirm(comp.staff_a, entry)
    confirm(comp.chair_a, entry)
    entry.refresh_from_db()
    assert entry.confirmed_by == comp.chair_a


def test_database_refuses_self_confirmation_too(comp):
    entry = enter(comp, comp.teams[0], comp.saving, "12.5")
    with pytest.raises(IntegrityError):
        ScoreEntry.objects.filter(pk=entry.pk).update(confirmed_by=comp.staff_a)


def test_correction_is_a_new_entry_superseding_the_old(comp):
    old = enter(comp, comp.teams[0], comp.saving, "12.5")
    confirm(comp.chair_a, old)
    new = enter(comp, comp.teams[0], comp.saving, "15")
    old.refresh_from_db()
    assert (old.is_current, old.value, new.supersedes_id) == (False, Decimal("12.50"), old.pk)
    with pytest.raises(ValidationError, match="更正"):
        confirm(comp.chair_a, old)
    # Unconfirmed corrections do not count: the team has no confirmed current figure.
    rows = {r["team"]: r for r in selectors.live_board(comp.campaign)["rows"]}
    assert rows["一班"]["values"] == [None, None]


def test_conflicted_person_cannot_confirm(comp):
    entry = enter(comp, comp.teams[0], comp.saving, "12.5")
    with acting(comp.chair_a):
        services.record_conflict(
            actor=comp.chair_a, user=comp.chair_a, team=comp.teams[0], reason="本人所在班组"
        )
    with pytest.raises(PermissionDenied, match="利益"):
        confirm(comp.chair_a, entry)


def test_chair_b_cannot_touch_union_a_campaign(comp):
    entry = enter(comp, comp.teams[0], comp.saving, "12.5")
    with pytest.raises(Http404):
        confirm(comp.chair_b, entry)


def test_period_must_lie_in_campaign(comp):
    with pytest.raises(ValidationError, match="竞赛周期"):
        enter(comp, comp.teams[0], comp.saving, "1", period="2025-12")
    with pytest.raises(ValidationError, match="格式"):
        enter(comp, comp.teams[0], comp.saving, "1", period="2026-3")


def _fill(comp, figures):
    """figures: {team index: (saving, defects)} all confirmed by the chair."""
    for i, (saving, defects) in figures.items():
        confirm(comp.chair_a, enter(comp, comp.teams[i], comp.saving, saving))
        confirm(comp.chair_a, enter(comp, comp.teams[i], comp.defects, defects))


def test_board_weights_and_directions(comp):
    _fill(comp, {0: ("10", "2"), 1: ("20", "4"), 2: ("15", "3")})
    rows = selectors.live_board(comp.campaign)["rows"]
    # 一班: 60×0 + 40×100 = 40; 二班: 60×100 + 40×0 = 60; 三班: 60×50 + 40×50 = 50
    assert [(r["rank"], r["team"], r["total"]) for r in rows] == [
        (1, "二班", "60.00"),
        (2, "三班", "50.00"),
        (3, "一班", "40.00"),
    ]


def test_board_tie_broken_by_declared_rule_else_shared(comp):
    _fill(comp, {0: ("10", "2"), 1: ("20", "4"), 2: ("15", "3")})
    # Equal weights: 一班 0+100, 二班 100+0, 三班 50+50 → every team totals 50.00.
    comp.campaign.indicators.update(weight=40)
    rows = selectors.live_board(comp.campaign)["rows"]
    # all three total 50.00 now: fully tied share rank 1 without a tie-breaker
    assert [r["rank"] for r in rows] == [1, 1, 1]
    with acting(comp.chair_a):
        services.set_tie_rule(
            actor=comp.chair_a,
            campaign=comp.campaign,
            tie_breakers=[comp.saving.pk],
            rank_style="competition",
        )
    rows = selectors.live_board(comp.campaign)["rows"]
    assert [(r["rank"], r["team"]) for r in rows] == [(1, "二班"), (2, "三班"), (3, "一班")]
    assert "节能量（越高越好）" in selectors.live_board(comp.campaign)["tie_rule"]


def test_frozen_board_public_sees_snapshot_organisers_live(comp):
    _fill(comp, {0: ("10", "2"), 1: ("20", "4"), 2: ("15", "3")})
    with acting(comp.chair_a):
        services.freeze_board(actor=comp.chair_a, campaign=comp.campaign)
    confirm(comp.chair_a, enter(comp, comp.teams[0], comp.saving, "100", period="2026-04"))
    public, kind = selectors.board_for_public(comp.campaign)
    live = selectors.live_board(comp.campaign)
    assert kind == "frozen"
    assert public["rows"][0]["team"] == "二班"
    assert live["rows"][0]["team"] == "一班"
    with acting(comp.chair_a):
        services.close_campaign(actor=comp.campaign.created_by, campaign=comp.campaign)
    public, kind = selectors.board_for_public(comp.campaign)
    assert (kind, public["rows"][0]["team"]) == ("final", "一班")
    assert [r["team"] for r in selectors.top_teams(comp.campaign, limit=1)] == ["一班"]


def test_staff_cannot_freeze(comp):
    with acting(comp.staff_a), pytest.raises(PermissionDenied):
        services.freeze_board(actor=comp.staff_a, campaign=comp.campaign)


def test_goal_contributions_add_up_confirmed_figures(comp):
    _fill(comp, {0: ("10", "2"), 1: ("20", "4")})
    rows = selectors.goal_contributions(comp.district.path)
    assert [(r["indicator__goal"], r["total"]) for r in rows] == [("energy_saving", Decimal("30"))]


@pytest.fixture
def event(cast):
    judges = [make_user(f"judge{i}", f"裁判{i}") for i in range(3)]
    for judge in judges:
        assign(judge, cast.union_a, "reviewer")
    members = [make_member(cast.union_a, f"甲工会选手{i}") for i in range(3)]
    with acting(cast.chair_a):
        ev = services.create_event(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会焊工比武",
            held_on=datetime.date(2026, 5, 1),
        )
        contestants = [
            services.add_contestant(actor=cast.chair_a, event=ev, member=m, number=f"{i + 1:02d}")
            for i, m in enumerate(members)
        ]
        for judge in judges:
            services.add_judge(actor=cast.chair_a, event=ev, user=judge)
    cast.event, cast.judges, cast.contestants = ev, judges, contestants
    return cast


def judge_score(user, event, contestant, value):
    with acting(user):
        return services.score_contestant(
            actor=user, event=event, contestant=contestant, score=value
        )


def test_conflicted_judge_scores_are_excluded(event):
    c0 = event.contestants[0]
    for judge, value in zip(event.judges, [80, 90, 40], strict=True):
        judge_score(judge, event.event, c0, value)
    results = {r["contestant"].pk: r for r in selectors.event_results(event.event)}
    assert results[c0.pk]["final"] == Decimal("70.00")
    with acting(event.chair_a):
        services.record_conflict(
            actor=event.chair_a, user=event.judges[2], contestant=c0, reason="师徒关系"
        )
    results = {r["contestant"].pk: r for r in selectors.event_results(event.event)}
    assert (results[c0.pk]["final"], results[c0.pk]["excluded"]) == (Decimal("85.00"), 1)
    with pytest.raises(PermissionDenied, match="回避"):
        judge_score(event.judges[2], event.event, c0, 100)


def test_only_judges_score_and_within_maximum(event):
    with pytest.raises(PermissionDenied, match="裁判"):
        judge_score(event.chair_a, event.event, event.contestants[0], 80)
    with pytest.raises(ValidationError, match="0–100"):
        judge_score(event.judges[0], event.event, event.contestants[0], 101)


def test_results_ranked_with_shared_rank_and_prizes(event):
    c = event.contestants
    for judge in event.judges:
        judge_score(judge, event.event, c[0], 90)
        judge_score(judge, event.event, c[1], 90)
        judge_score(judge, event.event, c[2], 70)
    rows = selectors.event_results(event.event)
    assert [(r["rank"], r["contestant"].number, r["prize"]) for r in rows] == [
        (1, "01", "一等奖"),
        (1, "02", "一等奖"),
        (3, "03", "二等奖"),
    ]
