from decimal import Decimal

import pytest

from gonghui.innovation import scoring

BANDS = [
    ("1000000", "2500", "4000", "一档"),
    ("500000", "1500", "2500", "二档"),
    ("100000", "800", "1500", "三档"),
    ("50000", "500", "800", "四档"),
    ("10000", "300", "500", "五档"),
    ("0", "0", "300", "六档"),
]


def test_rubric_total_weights_each_share_of_its_maximum():
    # 30×8/10 + 25×6/10 + 30×10/10 + 15×4/10 = 24 + 15 + 30 + 6 = 75 of 100
    scores = [(30, 10, 8), (25, 10, 6), (30, 10, 10), (15, 10, 4)]
    assert scoring.rubric_total(scores) == Decimal("75.00")


def test_rubric_total_with_uneven_maxima_and_weights_not_adding_to_100():
    # (2×3/5 + 1×10/20) / 3 × 100 = (1.2 + 0.5) / 3 × 100 = 56.666… → 56.67
    assert scoring.rubric_total([(2, 5, 3), (1, 20, 10)]) == Decimal("56.67")


def test_rubric_total_full_and_zero_marks():
    assert scoring.rubric_total([(1, 10, 10), (3, 5, 5)]) == Decimal("100.00")
    assert scoring.rubric_total([(1, 10, 0), (3, 5, 0)]) == Decimal("0.00")
    assert scoring.rubric_total([]) is None


def test_average_rounds_half_up():
    assert scoring.average([Decimal("75.00"), Decimal("80.01")]) == Decimal("77.51")
    assert scoring.average([None]) is None


def test_fragments_are_two_character_pieces_without_stop_words():
    assert scoring.fragments("焊接夹具改进") == {"焊接", "接夹", "夹具", "具改"}
    assert scoring.fragments("CNC 刀具") == {"cnc", "刀具"}


def test_similarity_ranks_shared_fragments():
    close = scoring.similarity("焊接夹具改进", "改进焊接夹具定位")
    far = scoring.similarity("焊接夹具改进", "食堂排队时间过长")
    assert close > Decimal("0.3")
    assert far == Decimal("0")


def test_most_similar_keeps_top_n_over_threshold_best_first():
    candidates = [(1, "焊接夹具定位改进"), (2, "食堂饭菜"), (3, "焊接夹具"), (4, "夹具快换")]
    found = scoring.most_similar("焊接夹具快速定位", candidates, min_score=Decimal("0.1"), limit=2)
    assert [key for _, key, _ in found] == [1, 3]


@pytest.mark.parametrize(
    ("benefit", "label", "suggested"),
    [
        ("180000", "三档", Decimal("940")),  # 800 + 700 × (80,000 / 400,000)
        ("1000000", "一档", Decimal("3250")),  # top band: midpoint
        ("999999.99", "二档", Decimal("2500")),
        ("9999", "六档", Decimal("300")),
        ("0", "六档", Decimal("0")),
        ("10000", "五档", Decimal("300")),
    ],
)
def test_band_for_and_suggested_reward(benefit, label, suggested):
    band = scoring.band_for(Decimal(benefit), BANDS)
    assert band.label == label
    assert scoring.suggested_reward(Decimal(benefit), band) == suggested


def test_band_below_every_band_is_none():
    assert scoring.band_for(Decimal("-1"), BANDS) is None


def test_band_describe_names_the_range():
    band = scoring.band_for(Decimal("180000"), BANDS)
    assert band.describe() == "三档：年效益 ≥ ¥100,000 且 < ¥500,000 → 奖励 ¥800–1,500"
