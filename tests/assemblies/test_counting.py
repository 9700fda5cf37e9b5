"""Threshold arithmetic at every boundary (pure functions, no database)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.assemblies import counting
from gonghui.assemblies.counting import (
    ABSTAIN,
    AGAINST,
    FOR,
    Ballot,
    Rule,
    ballot_is_valid,
    check_margin,
    election,
    election_from_totals,
    quorum,
    resolution,
)


@pytest.mark.parametrize(
    ("present", "total", "met"),
    [
        (80, 120, True),  # exactly 2/3
        (79, 120, False),
        (120, 120, True),
        (0, 120, False),
        (14, 20, True),  # 13.33 needed
        (13, 20, False),
        (0, 0, False),
    ],
)
def test_quorum_boundaries(present, total, met):
    assert quorum(present, total).met is met


def test_quorum_text():
    assert quorum(85, 120).text == "出席 85 / 120 ≥ 2/3 ✔"
    assert quorum(79, 120).text == "出席 79 / 120 ≥ 2/3 ✘"


def test_resolution_text_matches_the_issue_example():
    result = resolution(total=120, present=85, yes=68, no=10, abstain=7)
    assert result.passed
    assert result.text == "出席 85 / 120 ≥ 2/3 ✔；赞成 68 > 60（全体代表半数）✔ → 通过"


@pytest.mark.parametrize(("yes", "passed"), [(60, False), (61, True), (59, False)])
def test_more_than_half_of_all_delegates(yes, passed):
    assert resolution(total=120, present=100, yes=yes).passed is passed


@pytest.mark.parametrize(("yes", "passed"), [(60, True), (59, False)])
def test_at_least_half_of_all_delegates(yes, passed):
    rule = Rule(pass_op=counting.GE)
    result = resolution(total=120, present=100, yes=yes, rule=rule)
    assert result.passed is passed
    assert "≥ 60" in result.text


@pytest.mark.parametrize(("yes", "passed"), [(42, False), (43, True)])
def test_more_than_half_of_those_present_odd(yes, passed):
    rule = Rule(pass_base=counting.BASE_PRESENT)
    result = resolution(total=120, present=85, yes=yes, rule=rule)
    assert result.passed is passed
    assert "> 42.5（出席代表半数）" in result.text


@pytest.mark.parametrize(("yes", "passed"), [(42, False), (43, True)])
def test_at_least_half_of_those_present_odd(yes, passed):
    rule = Rule(pass_base=counting.BASE_PRESENT, pass_op=counting.GE)
    assert resolution(total=120, present=85, yes=yes, rule=rule).passed is passed


@pytest.mark.parametrize(("yes", "passed"), [(40, True), (39, False)])
def test_at_least_half_present_even(yes, passed):
    rule = Rule(pass_base=counting.BASE_PRESENT, pass_op=counting.GE)
    assert resolution(total=100, present=80, yes=yes, rule=rule).passed is passed


def test_without_quorum_nothing_passes():
    result = resolution(total=120, present=79, yes=79)
    assert not result.passed
    assert result.text == "出席 79 / 120 ≥ 2/3 ✘ → 不足法定人数，表决无效，没有结果"


def test_election_without_quorum_elects_nobody():
    from gonghui.assemblies.counting import Ballot, election, quorum

    result = election(
        candidates=[("a", "甲一"), ("b", "乙二")],
        seats=1,
        ballots=[Ballot({"a": "for", "b": "against"})],
        quorum=quorum(20, 120),
    )
    assert result.void and result.elected == [] and result.runoff == []
    assert [r.votes_for for r in result.rows] == [1, 0]
    assert result.text.startswith("出席 20 / 120 ≥ 2/3 ✘ → 不足法定人数，选举无效，无人当选；")


def test_blank_ballots_follow_the_rule():
    from gonghui.assemblies.counting import Ballot, Rule, election

    ballots = [Ballot({"a": "abstain", "b": "abstain"}, blank=True), Ballot({"a": "for"})]
    valid = election(candidates=[("a", "甲一"), ("b", "乙二")], seats=1, ballots=ballots)
    assert (valid.ballots_cast, valid.valid, valid.invalid, valid.blank) == (2, 2, 0, 1)
    assert [(r.votes_for, r.votes_abstain) for r in valid.rows] == [(1, 1), (0, 1)]
    invalid = election(
        candidates=[("a", "甲一"), ("b", "乙二")],
        seats=1,
        ballots=ballots,
        rule=Rule(blank="invalid"),
    )
    assert (invalid.ballots_cast, invalid.valid, invalid.invalid, invalid.blank) == (2, 1, 1, 1)
    assert invalid.elected == []  # 1 "for" is not more than half of 2 ballots cast


def test_votes_beyond_present_are_refused():
    with pytest.raises(ValueError):
        resolution(total=120, present=80, yes=70, no=11)


@given(total=st.integers(1, 500), data=st.data())
def test_gt_all_is_exactly_twice_yes_above_total(total, data):
    present = data.draw(st.integers(0, total))
    yes = data.draw(st.integers(0, present))
    result = resolution(total=total, present=present, yes=yes)
    assert result.passed is (3 * present >= 2 * total and 2 * yes > total)


# --- elections ---------------------------------------------------------------------------------

CANDS = [("a", "王一"), ("b", "刘二"), ("c", "李三")]


def ballots(*marks):
    keys = [k for k, _ in CANDS]
    return [Ballot(dict(zip(keys, row, strict=True))) for row in marks]


def test_ballot_with_more_for_than_seats_is_invalid():
    assert ballot_is_valid(Ballot({"a": FOR, "b": FOR}), 2)
    assert not ballot_is_valid(Ballot({"a": FOR, "b": FOR, "c": FOR}), 2)
    assert not ballot_is_valid(Ballot({"a": FOR}, ("赵六", "孙七")), 2)
    assert not ballot_is_valid(Ballot({"a": "maybe"}), 2)


def test_margin_setting():
    assert check_margin(9, 7, 1) is None
    assert check_margin(8, 7, 1) is None
    assert check_margin(7, 7, 1) is not None
    assert check_margin(8, 7, 2) is not None


def test_winner_needs_more_than_half_of_ballots_cast():
    # 4 ballots: a gets 2 (= half, not more) → not elected; b gets 3 → elected.
    result = election(
        candidates=CANDS,
        seats=2,
        ballots=ballots(
            (FOR, FOR, AGAINST),
            (FOR, FOR, AGAINST),
            (AGAINST, FOR, FOR),
            (ABSTAIN, AGAINST, AGAINST),
        ),
    )
    assert [r.name for r in result.elected] == ["刘二"]
    assert result.unfilled == 1
    assert result.threshold == 2
    rows = {r.key: (r.votes_for, r.votes_against, r.votes_abstain) for r in result.rows}
    assert rows == {"a": (2, 1, 1), "b": (3, 1, 0), "c": (1, 3, 0)}


def test_invalid_ballots_count_in_ballots_cast():
    result = election(
        candidates=CANDS,
        seats=1,
        ballots=ballots((FOR, AGAINST, AGAINST), (FOR, FOR, AGAINST), (FOR, AGAINST, AGAINST)),
    )
    assert (result.ballots_cast, result.valid, result.invalid) == (3, 2, 1)
    # a has 2 of 3 ballots cast: 2 > 1.5 → elected.
    assert [r.name for r in result.elected] == ["王一"]


def test_tie_for_last_seat_goes_to_runoff():
    result = election(
        candidates=CANDS,
        seats=2,
        ballots=ballots(
            (FOR, FOR, ABSTAIN),
            (FOR, ABSTAIN, FOR),
            (FOR, FOR, ABSTAIN),
            (ABSTAIN, FOR, FOR),
            (FOR, ABSTAIN, FOR),
            (ABSTAIN, ABSTAIN, FOR),
            (FOR, FOR, ABSTAIN),
        ),
    )
    # a 5, b 4, c 4: b and c tie for the second seat and both exceed 3.5.
    assert [r.name for r in result.elected] == ["王一"]
    assert {r.name for r in result.runoff} == {"刘二", "李三"}
    assert result.runoff_seats == 1
    assert "需再次投票" in result.text


def test_tie_that_fits_the_seats_elects_both():
    result = election(
        candidates=CANDS,
        seats=2,
        ballots=ballots((FOR, FOR, ABSTAIN), (FOR, FOR, ABSTAIN), (ABSTAIN, ABSTAIN, FOR)),
    )
    assert {r.name for r in result.elected} == {"王一", "刘二"}
    assert result.runoff == []


def test_tie_below_threshold_is_no_runoff():
    result = election(
        candidates=CANDS,
        seats=1,
        ballots=ballots((FOR, AGAINST, AGAINST), (AGAINST, FOR, AGAINST), (AGAINST, AGAINST, FOR)),
    )
    assert result.elected == [] and result.runoff == [] and result.unfilled == 1


def test_election_base_all_delegates():
    rule = Rule(election_base=counting.BASE_ALL)
    result = election(
        candidates=CANDS,
        seats=1,
        ballots=ballots((FOR, AGAINST, AGAINST), (FOR, AGAINST, AGAINST)),
        rule=rule,
        delegates=4,
    )
    assert result.threshold == 2 and result.elected == []


def test_write_ins_are_counted():
    result = election(
        candidates=CANDS,
        seats=1,
        ballots=[
            Ballot({"a": AGAINST, "b": AGAINST, "c": AGAINST}, ("孙七",)),
            Ballot({"a": AGAINST, "b": AGAINST, "c": AGAINST}, ("孙七",)),
        ],
    )
    assert [r.name for r in result.elected] == ["孙七"]
    assert result.elected[0].write_in


def test_totals_count_like_ballots():
    result = election_from_totals(
        candidates=CANDS,
        seats=2,
        valid=7,
        invalid=1,
        totals={"a": (5, 1, 1), "b": (4, 2, 1), "c": (4, 0, 3)},
    )
    assert result.ballots_cast == 8 and result.threshold == 4
    assert [r.name for r in result.elected] == ["王一"]
    assert result.runoff == []  # b and c have 4 = half of 8: not more than half
    assert result.unfilled == 1
    with pytest.raises(ValueError):
        election_from_totals(candidates=CANDS, seats=1, valid=2, invalid=0, totals={"a": (3, 0, 0)})


def test_fraction_texts():
    assert counting.fraction_text(Fraction(2, 3)) == "2/3"
    assert counting.number_text(Fraction(85, 2)) == "42.5"
    assert counting.number_text(Fraction(80, 3)) == "26.67"


@given(
    seats=st.integers(1, 4),
    data=st.data(),
)
def test_election_invariants(seats, data):
    n = data.draw(st.integers(seats + 1, seats + 3))
    cands = [(str(i), f"候选{i}") for i in range(n)]
    mark = st.sampled_from([FOR, AGAINST, ABSTAIN])
    ballots_ = data.draw(
        st.lists(
            st.builds(
                lambda marks: Ballot(dict(zip([k for k, _ in cands], marks, strict=True))),
                st.lists(mark, min_size=n, max_size=n),
            ),
            max_size=25,
        )
    )
    result = election(candidates=cands, seats=seats, ballots=ballots_)
    assert len(result.elected) + result.runoff_seats + result.unfilled == seats
    assert all(2 * r.votes_for > result.ballots_cast for r in result.elected + result.runoff)
    if result.runoff:
        assert len({r.votes_for for r in result.runoff}) == 1
        assert len(result.runoff) > result.runoff_seats
        assert all(e.votes_for > result.runoff[0].votes_for for e in result.elected)
    assert result.valid + result.invalid == len(ballots_)
