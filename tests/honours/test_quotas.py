from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import config
from gonghui.honours import quotas, selectors, services
from gonghui.honours.models import NominationStatus
from tests.conftest import acting

from .conftest import begin_review, make_member, make_round, nominate, recommend

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "total", "ok"), [(7, 20, True), (6, 20, False), (35, 100, True), (34, 100, False)]
)
def test_frontline_minimum_at_boundary(count, total, ok):
    line = quotas.check_share("一线职工", count, total, Decimal(35), is_minimum=True)
    assert line.ok is ok


@pytest.mark.parametrize(
    ("count", "total", "ok"), [(4, 20, True), (5, 20, False), (1, 5, True), (2, 9, False)]
)
def test_heads_maximum_at_boundary(count, total, ok):
    line = quotas.check_share("企业负责人", count, total, Decimal(20), is_minimum=False)
    assert line.ok is ok


def test_quota_text_shows_value_requirement_and_mark():
    line = quotas.check_share("一线职工", 5, 16, Decimal(35), is_minimum=True)
    assert line.text == "一线职工 31.3%（要求 ≥ 35%）✘"
    assert quotas.check_share("一线职工", 7, 20, Decimal(35), is_minimum=True).text == (
        "一线职工 35%（要求 ≥ 35%）✔"
    )


def _fill(cast, round_, frontline, heads, others):
    made = []
    for i in range(frontline):
        made.append(
            nominate(
                cast.chair_a,
                round_,
                cast.union_a,
                make_member(cast.union_a, f"一线{i}"),
                frontline=True,
            )
        )
    for i in range(heads):
        made.append(
            nominate(
                cast.chair_a,
                round_,
                cast.union_a,
                make_member(cast.union_a, f"负责人{i}"),
                head=True,
            )
        )
    for i in range(others):
        made.append(
            nominate(cast.chair_a, round_, cast.union_a, make_member(cast.union_a, f"其他{i}"))
        )
    return made


def test_award_type_and_round_copy_settings_in_force(cast):
    config.set_value(
        actor=cast.district_admin, key="honours.frontline_min_pct", value="40", note="test"
    )
    round_ = make_round(cast.district_admin, cast.district)  # creates the award types
    config.set_value(
        actor=cast.district_admin, key="honours.frontline_min_pct", value="50", note="later"
    )
    round_.refresh_from_db()
    assert round_.award_type.min_frontline_pct == Decimal(40)
    assert round_.min_frontline_pct == Decimal(40)
    assert round_.max_heads_pct == Decimal(20)
    assert round_.notice_working_days == 5
    assert "一线职工占比下限（%） = 40" in round_.rules_note
    assert "奖项设置：五一劳动奖章" in round_.rules_note
    # a later round of the same award keeps the award type's numbers...
    later = make_round(cast.district_admin, cast.district, title="下一轮")
    assert later.min_frontline_pct == Decimal(40)
    # ...unless this year's campaign sets its own
    with acting(cast.district_admin):
        own = services.create_round(
            actor=cast.district_admin,
            award_type=round_.award_type,
            year=2027,
            title="2027 年度",
            quota=5,
            nomination_deadline=round_.nomination_deadline,
            min_frontline_pct=Decimal(45),
        )
    assert (own.min_frontline_pct, own.max_heads_pct) == (Decimal(45), Decimal(20))
    assert "本次评选设定" in own.rules_note


def test_live_panel_counts_and_start_review_blocked_below_minimum(cast):
    # The street may recommend 30, more than the district's 20 places.
    district_round = make_round(cast.district_admin, cast.district, quota=20, street_quota=30)
    # 6 of 20 front-line (30%) fails; 4 of 20 heads (20%) passes.
    made = _fill(cast, district_round, frontline=6, heads=4, others=10)
    with acting(cast.chair_a):
        panel = selectors.quota_panel(district_round)
    assert (panel.total, [line.ok for line in panel.lines]) == (20, [False, True])
    assert panel.lines[0].text == "一线职工 30%（要求 ≥ 35%）✘"
    recommend(*made)
    with acting(cast.district_admin), pytest.raises(ValidationError, match="一线职工 30%"):
        services.start_review(actor=cast.district_admin, round_=district_round)
    # Swap one "other" for a front-line worker: 7 of 20 = 35% passes exactly.
    with acting(cast.chair_a):
        services.swap_nomination(
            actor=cast.chair_a,
            nomination=made[-1],
            reason="调整结构",
            member=make_member(cast.union_a, "一线新"),
            deeds="事迹",
            is_frontline=True,
        )
        panel = selectors.quota_panel(district_round)
    assert panel.ok and panel.total == 20 and panel.lines[0].count == 7
    assert begin_review(cast, district_round) == 20
    made[-1].refresh_from_db()
    assert made[-1].status == NominationStatus.WITHDRAWN


def test_heads_above_cap_blocks_review(cast):
    district_round = make_round(cast.district_admin, cast.district, quota=20, street_quota=30)
    recommend(*_fill(cast, district_round, frontline=10, heads=5, others=5))  # 5/20 = 25%
    with acting(cast.district_admin), pytest.raises(ValidationError, match="企业负责人 25%"):
        services.start_review(actor=cast.district_admin, round_=district_round)


def test_preview_projects_one_more_nominee(cast, district_round):
    _fill(cast, district_round, frontline=1, heads=0, others=2)
    with acting(cast.chair_a):
        panel = selectors.quota_panel(district_round, extra=(True, False))
    assert (panel.total, panel.lines[0].count) == (4, 2)


def test_unit_awards_have_no_person_quotas(cast):
    round_ = make_round(cast.district_admin, cast.district, award_type="advanced_unit")
    with acting(cast.district_admin):
        assert selectors.quota_panel(round_).lines == ()


def test_same_member_cannot_be_nominated_twice(cast, district_round):
    member = make_member(cast.union_a, "甲工会王五")
    nominate(cast.chair_a, district_round, cast.union_a, member)
    with pytest.raises(ValidationError, match="已在本次评选中被推荐"):
        nominate(cast.chair_a, district_round, cast.union_a, member)


def test_chair_b_cannot_nominate_union_a_member(cast, district_round):
    from django.http import Http404

    member = make_member(cast.union_a, "甲工会赵六")
    with pytest.raises(Http404):
        nominate(cast.chair_b, district_round, cast.union_b, member)


def test_open_nomination_keeps_union_from_being_dissolved(cast, district_round):
    from gonghui.orgs import services as org_services

    nominate(cast.chair_a, district_round, cast.union_a, make_member(cast.union_a, "甲工会钱八"))
    assert org_services.holdings_count(cast.union_a) >= 1
    with acting(cast.district_admin), pytest.raises(ValidationError):
        org_services.dissolve_org(actor=cast.district_admin, org=cast.union_a, reason="注销")
