from decimal import Decimal
from types import SimpleNamespace

import pytest

from gonghui.honours import scoring, selectors, services
from gonghui.honours.models import NominationStatus
from tests.conftest import acting

from .conftest import add_scorecard, begin_review, make_member, nominate

pytestmark = pytest.mark.django_db


def _criteria():
    return [
        SimpleNamespace(id=1, weight=Decimal(60), max_score=Decimal(100)),
        SimpleNamespace(id=2, weight=Decimal(40), max_score=Decimal(50)),
    ]


def test_judge_total_is_weighted_mean_scaled_to_100():
    # 80/100*100*60 + 40/50*100*40 = 4800 + 3200 = 8000; / 100 = 80
    assert scoring.judge_total({1: Decimal(80), 2: Decimal(40)}, _criteria()) == Decimal(80)


def test_judge_total_incomplete_is_none():
    assert scoring.judge_total({1: Decimal(80)}, _criteria()) is None


def test_nomination_total_rounds_half_up_to_two_places():
    assert scoring.nomination_total([Decimal("80.005"), Decimal("80.005")]) == Decimal("80.01")
    assert scoring.nomination_total([Decimal(90), Decimal(85), Decimal(86)]) == Decimal("87.00")
    assert scoring.nomination_total([None]) is None


def test_rank_ties_share_rank_and_next_rank_skips():
    rows = [
        ("丙", Decimal("90.00"), "c"),
        ("甲", Decimal("95.50"), "a"),
        ("乙", Decimal("90.00"), "b"),
        ("丁", Decimal("88.00"), "d"),
        ("戊", None, "e"),
    ]
    ranked = scoring.rank(rows)
    assert [(r["item"], r["rank"]) for r in ranked] == [
        ("a", 1),
        ("b", 2),
        ("c", 2),
        ("d", 4),
        ("e", None),
    ]  # 乙 (1 stroke) before 丙 (5)


def test_rank_all_tied():
    ranked = scoring.rank([("b", Decimal(1), 1), ("a", Decimal(1), 2)])
    assert [r["rank"] for r in ranked] == [1, 1]


def _under_review_round(cast, district_round, names):
    criteria = add_scorecard(cast.district_admin, district_round)
    nominations = [
        nominate(
            cast.chair_a,
            district_round,
            cast.union_a,
            make_member(cast.union_a, name),
            frontline=True,
        )
        for name in names
    ]
    with acting(cast.district_admin):
        judges = [
            services.add_judge(actor=cast.district_admin, round_=district_round, user=u)
            for u in (cast.reviewer, cast.district_admin)
        ]
        begin_review(cast, district_round)
    return criteria, judges, nominations


def _score(user, nomination, criteria, values):
    with acting(user):
        services.record_scores(
            actor=user,
            nomination=nomination,
            values={c.id: v for c, v in zip(criteria, values, strict=True)},
        )


def test_ranking_through_services_with_a_tie(cast, district_round):
    criteria, _judges, (n1, n2, n3) = _under_review_round(cast, district_round, ["甲", "乙", "丙"])
    for user in (cast.reviewer, cast.district_admin):
        _score(user, n1, criteria, [90, 80])  # 86
        _score(user, n2, criteria, [80, 95])  # 86
        _score(user, n3, criteria, [100, 100])  # 100
    with acting(cast.district_admin):
        rows = selectors.ranking(district_round)
    assert [(r["item"]["nomination"].pk, r["total"], r["rank"]) for r in rows] == [
        (n3.pk, Decimal("100.00"), 1),
        (n2.pk, Decimal("86.00"), 2),  # 乙 before 甲 (strokes)
        (n1.pk, Decimal("86.00"), 2),
    ]


def test_recused_judge_scores_are_excluded(cast, district_round):
    criteria, _judges, (n1,) = _under_review_round(cast, district_round, ["甲"])
    _score(cast.reviewer, n1, criteria, [50, 50])
    _score(cast.district_admin, n1, criteria, [90, 90])
    with acting(cast.reviewer):
        services.recuse(actor=cast.reviewer, nomination=n1, reason="与被推荐人系亲属")
    with acting(cast.district_admin):
        (row,) = selectors.ranking(district_round)
    assert row["total"] == Decimal("90.00")
    assert row["item"]["judges_counted"] == 1
    assert [j.user for j in row["item"]["judges_recused"]] == [cast.reviewer]
    with acting(cast.reviewer), pytest.raises(Exception, match="回避"):
        _score(cast.reviewer, n1, criteria, [60, 60])


def test_judge_from_nominee_employer_is_recused_automatically(cast, district_round):
    criteria = add_scorecard(cast.district_admin, district_round)
    with acting(cast.district_admin):
        judge = services.add_judge(
            actor=cast.district_admin,
            round_=district_round,
            user=cast.reviewer,
            employer=cast.employer_a,
        )
    member = make_member(cast.union_a, "甲工会李四", cast.employer_a)
    nomination = nominate(cast.chair_a, district_round, cast.union_a, member, frontline=True)
    recusal = judge.recusals.get()
    assert recusal.nomination == nomination
    assert recusal.automatic is True
    assert cast.employer_a.name in recusal.reason
    with acting(cast.district_admin):
        begin_review(cast, district_round)
    with pytest.raises(Exception, match="回避"):
        _score(cast.reviewer, nomination, criteria, [80, 80])


def test_non_judge_cannot_score(cast, district_round, a_nomination):
    criteria = add_scorecard(cast.district_admin, district_round)
    with acting(cast.district_admin):
        begin_review(cast, district_round)
    with pytest.raises(Exception, match="评委"):
        _score(cast.street_admin, a_nomination, criteria, [80, 80])


def test_score_out_of_range_refused(cast, district_round):
    criteria, _j, (n1,) = _under_review_round(cast, district_round, ["甲"])
    with pytest.raises(Exception, match="0 到"):
        _score(cast.reviewer, n1, criteria, [101, 50])
    n1.refresh_from_db()
    assert n1.scores.count() == 0
    assert n1.status == NominationStatus.UNDER_REVIEW


def test_scoring_after_review_deadline_refused(cast, district_round):
    import datetime

    criteria, _j, (n1,) = _under_review_round(cast, district_round, ["甲"])
    district_round.review_deadline = datetime.date.today() - datetime.timedelta(days=1)
    district_round.save()
    with pytest.raises(Exception, match="评审已于"):
        _score(cast.reviewer, n1, criteria, [80, 80])
