import itertools
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.contests import ranking


def ranks(rows, directions, style="competition"):
    return [(r.rank, r.key) for r in ranking.rank(rows, directions, style)]


def test_single_metric_higher_is_better():
    rows = [("a", (D(1),)), ("b", (D(3),)), ("c", (D(2),))]
    assert ranks(rows, ["higher"]) == [(1, "b"), (2, "c"), (3, "a")]


def test_single_metric_lower_is_better():
    rows = [("a", (D(1),)), ("b", (D(3),)), ("c", (D(2),))]
    assert ranks(rows, ["lower"]) == [(1, "a"), (2, "c"), (3, "b")]


def test_tie_on_total_broken_by_second_metric():
    rows = [("a", (D(90), D(5))), ("b", (D(90), D(7))), ("c", (D(80), D(9)))]
    assert ranks(rows, ["higher", "higher"]) == [(1, "b"), (2, "a"), (3, "c")]


def test_tie_breaker_lower_is_better():
    rows = [("a", (D(90), D(5))), ("b", (D(90), D(7)))]
    assert ranks(rows, ["higher", "lower"]) == [(1, "a"), (2, "b")]


def test_fully_tied_share_rank_competition_style_skips():
    rows = [("a", (D(90), D(5))), ("b", (D(90), D(5))), ("c", (D(80), D(1))), ("d", (D(95), D(0)))]
    assert ranks(rows, ["higher", "higher"]) == [(1, "d"), (2, "a"), (2, "b"), (4, "c")]


def test_fully_tied_share_rank_dense_style_does_not_skip():
    rows = [("a", (D(90),)), ("b", (D(90),)), ("c", (D(80),))]
    assert ranks(rows, ["higher"], "dense") == [(1, "a"), (1, "b"), (2, "c")]


def test_all_tied():
    rows = [(k, (D(1), D(2))) for k in "abc"]
    assert ranks(rows, ["higher", "lower"]) == [(1, "a"), (1, "b"), (1, "c")]


def test_missing_value_ranks_last_whatever_the_direction():
    rows = [("a", (None,)), ("b", (D(5),)), ("c", (D(9),))]
    assert ranks(rows, ["lower"]) == [(1, "b"), (2, "c"), (3, "a")]
    assert ranks(rows, ["higher"]) == [(1, "c"), (2, "b"), (3, "a")]


def test_equal_decimals_with_different_exponents_tie():
    rows = [("a", (D("90.0"),)), ("b", (D("90.00"),))]
    assert ranks(rows, ["higher"]) == [(1, "a"), (1, "b")]


def test_empty_and_unknown_style():
    assert ranking.rank([], ["higher"]) == []
    with pytest.raises(ValueError):
        ranking.rank([], ["higher"], "olympic")


@pytest.mark.parametrize("style", ["competition", "dense"])
def test_exhaustive_small_fields(style):
    """Every field of up to 4 rows over values {0,1} on two metrics: ranks agree with a
    brute-force count of strictly better rows (competition) or distinct better tuples (dense)."""
    tuples = list(itertools.product([0, 1], repeat=2))
    for n in range(1, 5):
        for combo in itertools.product(tuples, repeat=n):
            rows = [(i, tuple(D(v) for v in t)) for i, t in enumerate(combo)]
            result = {r.key: r.rank for r in ranking.rank(rows, ["higher", "lower"], style)}
            for i, t in enumerate(combo):
                better = [u for u in combo if (u[0], -u[1]) > (t[0], -t[1])]
                expected = len(better) + 1 if style == "competition" else len(set(better)) + 1
                assert result[i] == expected, (combo, i)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=12))
def test_ranks_are_ordered_and_ties_exactly_share(values):
    rows = [(i, (D(a), D(b))) for i, (a, b) in enumerate(values)]
    ranked = ranking.rank(rows, ["higher", "higher"])
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    for x, y in itertools.combinations(ranked, 2):
        assert (x.rank == y.rank) == (x.values == y.values)


def test_normalise_higher_and_lower_and_equal_and_missing():
    assert ranking.normalise({"a": D(10), "b": D(20), "c": D(15)}, "higher") == {
        "a": D(0),
        "b": D(100),
        "c": D(50),
    }
    assert ranking.normalise({"a": D(10), "b": D(20)}, "lower") == {"a": D(100), "b": D(0)}
    assert ranking.normalise({"a": D(5), "b": D(5)}, "higher") == {"a": D(100), "b": D(100)}
    assert ranking.normalise({"a": None, "b": D(5)}, "higher") == {"a": D(0), "b": D(100)}


def test_weighted_total_rounds_half_up_at_setting_places():
    # (60×100 + 40×50) / 100 = 80
    assert ranking.weighted_total({1: D(100), 2: D(50)}, {1: D(60), 2: D(40)}) == D("80.00")
    # (1×100 + 2×0) / 3 = 33.333…
    assert ranking.weighted_total({1: D(100), 2: D(0)}, {1: 1, 2: 2}, places=1) == D("33.3")
    assert ranking.weighted_total({1: D(0)}, {1: 0}) == D("0.00")


def test_aggregate_sum_average_latest():
    assert ranking.aggregate([D(1), D(2), D(4)], "sum") == D(7)
    assert ranking.aggregate([D(1), D(2)], "avg") == D("1.5")
    assert ranking.aggregate([D(1), D(2)], "latest") == D(2)
    assert ranking.aggregate([], "sum") is None


def test_trimmed_mean_drops_extremes_from_setting():
    assert ranking.trimmed_mean([D(90), D(80), D(70), D(60), D(100)], drop_extremes_from=5) == D(
        "80.00"
    )
    assert ranking.trimmed_mean([D(90), D(80), D(71)], drop_extremes_from=5) == D("80.33")
    assert ranking.trimmed_mean([], drop_extremes_from=5) is None
