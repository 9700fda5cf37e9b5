"""Skill-contest rounds: scorecards with weighted criteria, the score rule, advancement."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.contests import ranking, selectors, services
from gonghui.contests.models import RoundStage
from tests.conftest import acting
from tests.innovation.helpers import assign, make_member, make_user

# --- the arithmetic (pure) --------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
panels = st.lists(scores, min_size=1, max_size=9)
RULES = ("mean", "trimmed", "median")


@given(panels, st.sampled_from(RULES))
def test_every_rule_lies_between_the_lowest_and_highest_total(totals, rule):
    result = ranking.combine(totals, rule)
    assert min(totals) - Decimal("0.005") <= result <= max(totals) + Decimal("0.005")


@given(panels, st.sampled_from(RULES), st.randoms(use_true_random=False))
def test_the_order_of_the_judges_does_not_matter(totals, rule, rnd):
    shuffled = list(totals)
    rnd.shuffle(shuffled)
    assert ranking.combine(shuffled, rule) == ranking.combine(totals, rule)


@given(scores, st.integers(min_value=1, max_value=9), st.sampled_from(RULES))
def test_a_unanimous_panel_gives_its_score(score, judges, rule):
    assert ranking.combine([score] * judges, rule) == score.quantize(Decimal("0.01"))


@given(st.lists(scores, min_size=3, max_size=9), st.decimals(min_value=0, max_value=100, places=2))
def test_the_trimmed_mean_ignores_how_extreme_the_highest_score_is(totals, extra):
    totals = sorted(totals)
    raised = [*totals[:-1], max(totals[-1], totals[-1] + extra)]
    assert ranking.combine(raised, "trimmed") == ranking.combine(totals, "trimmed")


@given(st.lists(scores, min_size=1, max_size=9).filter(lambda t: len(t) % 2 == 1))
def test_the_median_of_an_odd_panel_is_its_middle_score(totals):
    assert ranking.combine(totals, "median") == sorted(totals)[len(totals) // 2]


@given(st.lists(scores, min_size=1, max_size=2))
def test_trimming_needs_three_judges(totals):
    assert ranking.combine(totals, "trimmed") == ranking.combine(totals, "mean")


def test_the_rules_differ_on_a_lopsided_panel():
    totals = [Decimal(v) for v in (60, 80, 82, 84, 100)]
    assert [ranking.combine(totals, r) for r in RULES] == [
        Decimal("81.20"),
        Decimal("82.00"),
        Decimal("82.00"),
    ]
    assert ranking.combine([Decimal(v) for v in (10, 80, 90, 95)], "median") == Decimal("85.00")


@given(
    st.lists(
        st.tuples(st.decimals(min_value="0.5", max_value=10, places=1), scores),
        min_size=1,
        max_size=5,
    )
)
def test_a_judges_total_is_the_weighted_share_of_the_maximum(lines):
    criteria = [(i, w, Decimal(100)) for i, (w, _s) in enumerate(lines)]
    total = ranking.judge_total({i: s for i, (_w, s) in enumerate(lines)}, criteria, 100)
    assert Decimal(0) <= total <= Decimal(100)
    full = ranking.judge_total({i: Decimal(100) for i in range(len(lines))}, criteria, 100)
    assert full == Decimal(100)
    assert ranking.judge_total({}, criteria, 100) is None


def test_a_judges_total_weights_the_criteria():
    criteria = [(1, Decimal(3), Decimal(100)), (2, Decimal(1), Decimal(50))]
    # 3 × 80/100 + 1 × 25/50 = 2.9 of 4 → 72.5 of 100
    assert ranking.judge_total({1: 80, 2: 25}, criteria, 100) == Decimal("72.5")


# --- rounds in the database -------------------------------------------------------------------


@pytest.fixture
def contest(cast, db):
    judges = [make_user(f"rjudge{i}", f"裁判{i}") for i in range(3)]
    for judge in judges:
        assign(judge, cast.union_a, "reviewer")
    members = [make_member(cast.union_a, f"甲工会选手{i}") for i in range(4)]
    with acting(cast.chair_a):
        ev = services.create_event(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会焊工比武",
            held_on=datetime.date(2026, 5, 1),
        )
        people = [
            services.add_contestant(actor=cast.chair_a, event=ev, member=m, number=f"{i + 1:02d}")
            for i, m in enumerate(members)
        ]
        for judge in judges:
            services.add_judge(actor=cast.chair_a, event=ev, user=judge)
        theory = services.add_criterion(actor=cast.chair_a, event=ev, name="理论", weight=3)
        practice = services.add_criterion(
            actor=cast.chair_a, event=ev, name="实操", weight=7, max_score=50
        )
        services.set_score_rule(actor=cast.chair_a, event=ev, score_rule="mean")
        prelim = services.add_round(
            actor=cast.chair_a, event=ev, stage=RoundStage.PRELIMINARY, advance_count=2
        )
        final = services.add_round(actor=cast.chair_a, event=ev, stage=RoundStage.FINAL)
    cast.ev, cast.judges, cast.people = ev, judges, people
    cast.theory, cast.practice, cast.prelim, cast.final = theory, practice, prelim, final
    return cast


def score(c, judge, round_, person, theory, practice):
    with acting(judge):
        return services.score_round(
            actor=judge,
            round_=round_,
            contestant=person,
            values={c.theory.pk: theory, c.practice.pk: practice},
        )


def test_a_round_ranks_weighted_totals_and_the_best_advance(contest):
    c = contest
    marks = {0: (90, 45), 1: (80, 40), 2: (80, 40), 3: (50, 20)}
    for judge in c.judges:
        for i, (t, p) in marks.items():
            score(c, judge, c.prelim, c.people[i], t, p)
    rows = selectors.round_results(c.prelim)
    # 0.3 × 90 + 0.7 × 90 = 90; 0.3 × 80 + 0.7 × 80 = 80 (twice); 0.3 × 50 + 0.7 × 40 = 43
    assert [(r["rank"], r["contestant"].number, r["final"], r["advances"]) for r in rows] == [
        (1, "01", Decimal("90.00"), True),
        (2, "02", Decimal("80.00"), True),
        (2, "03", Decimal("80.00"), True),
        (4, "04", Decimal("43.00"), False),
    ]
    with pytest.raises(ValidationError, match="上一轮"):
        score(c, c.judges[0], c.final, c.people[0], 90, 45)
    with acting(c.chair_a):
        advanced = services.close_round(actor=c.chair_a, round_=c.prelim)
    assert sorted(p.number for p in advanced) == ["01", "02", "03"]  # the tie at the cut advances
    assert selectors.entrant_ids(c.final) == {c.people[i].pk for i in range(3)}
    with pytest.raises(ValidationError, match="不在本轮"):
        score(c, c.judges[0], c.final, c.people[3], 90, 45)
    with pytest.raises(ValidationError, match="已结束"):
        score(c, c.judges[0], c.prelim, c.people[3], 90, 45)


def test_a_round_does_not_close_while_a_contestant_has_no_result(contest):
    c = contest
    score(c, c.judges[0], c.prelim, c.people[0], 90, 45)
    with acting(c.chair_a), pytest.raises(ValidationError, match="02、03、04"):
        services.close_round(actor=c.chair_a, round_=c.prelim)


def test_scorecard_inputs_are_checked(contest):
    c = contest
    with pytest.raises(ValidationError) as err:
        score(c, c.judges[0], c.prelim, c.people[0], 90, 51)
    assert err.value.message_dict == {f"c{c.practice.pk}": ["“实操”的分数须在 0–50.00 之间"]}
    with pytest.raises(ValidationError) as err, acting(c.judges[0]):
        services.score_round(
            actor=c.judges[0], round_=c.prelim, contestant=c.people[0], values={c.theory.pk: 1}
        )
    assert err.value.message_dict == {f"c{c.practice.pk}": ["请为“实操”评分"]}
    with pytest.raises(PermissionDenied, match="裁判"):
        score(c, c.chair_a, c.prelim, c.people[0], 90, 45)


def test_the_scorecard_and_rule_are_fixed_once_judges_score(contest):
    c = contest
    score(c, c.judges[0], c.prelim, c.people[0], 90, 45)
    with acting(c.chair_a):
        with pytest.raises(ValidationError, match="已有裁判评分"):
            services.add_criterion(actor=c.chair_a, event=c.ev, name="安全", weight=1)
        with pytest.raises(ValidationError, match="已有裁判评分"):
            services.set_score_rule(actor=c.chair_a, event=c.ev, score_rule="median")


def test_rounds_are_added_in_stage_order(contest):
    c = contest
    with acting(c.chair_a), pytest.raises(ValidationError, match="顺序"):
        services.add_round(actor=c.chair_a, event=c.ev, stage=RoundStage.SEMIFINAL, advance_count=2)


def test_the_score_rule_decides_the_round_result(contest):
    c = contest
    with acting(c.chair_a):
        services.set_score_rule(actor=c.chair_a, event=c.ev, score_rule="median")
    for judge, (t, p) in zip(c.judges, [(100, 50), (60, 30), (70, 35)], strict=True):
        score(c, judge, c.prelim, c.people[0], t, p)
    row = next(r for r in selectors.round_results(c.prelim) if r["contestant"] == c.people[0])
    assert (row["final"], row["judges"]) == (Decimal("70.00"), 3)


def test_the_api_lists_each_rounds_results(contest, login):
    c = contest
    for judge in c.judges:
        score(c, judge, c.prelim, c.people[0], 90, 45)
    client = login(c.chair_a)
    rounds = client.get(f"/api/v1/contests/events/{c.ev.pk}/rounds").json()
    assert [(r["stage"], r["stage_label"], r["advance_count"]) for r in rounds] == [
        ("preliminary", "初赛", 2),
        ("final", "决赛", None),
    ]
    first = rounds[0]["results"][0]
    assert (first["number"], first["final"], first["judges"], first["advances"]) == (
        "01",
        "90.00",
        3,
        True,
    )
    assert client.get(f"/api/v1/contests/events/{2**40}/rounds").status_code == 404
    assert login(c.chair_b).get(f"/api/v1/contests/events/{c.ev.pk}/rounds").status_code == 404
