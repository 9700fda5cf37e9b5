"""The review chain: grassroots union nominates → street union reviews and recommends →
district (the award's organiser) reviews → public notice. Each level acts only at its own stage,
four eyes hold, and each stage checks its quota."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from gonghui.core.access import scope_for_assignment
from gonghui.core.models import RoleAssignment
from gonghui.core.scoping import activate
from gonghui.core.workflow import history
from gonghui.honours import selectors, services
from gonghui.honours.models import NominationStatus as S
from tests.conftest import MARKER_A, _user, acting

from .conftest import approve, begin_review, make_member, make_round, nominate, recommend

pytestmark = pytest.mark.django_db


def _decide(user, nomination, decision, reason="", *, at=None):
    """``user`` decides, in their role at ``at`` (default: their first role)."""
    if at is None:
        context = acting(user)
    else:
        assignment = RoleAssignment.objects.get(user=user, org=at)
        context = activate(scope_for_assignment(assignment))
    with context:
        return services.review(actor=user, nomination=nomination, decision=decision, reason=reason)


def test_street_approve_then_district_approve_then_notice(cast, login, district_round):
    member = make_member(cast.union_a, f"{MARKER_A}王一", cast.employer_a)
    n = nominate(cast.chair_a, district_round, cast.union_a, member, frontline=True)
    assert (n.status, n.street_org) == (S.NOMINATED, cast.street)
    # The district cannot publish or approve before the street has recommended it.
    with acting(cast.district_admin), pytest.raises(ValidationError):
        services.publish_notice(actor=cast.district_admin, nomination=n)
    _decide(cast.street_admin, n, "street_approve", "同意推荐")
    n.refresh_from_db()
    assert (n.status, n.street_reviewed_by) == (S.RECOMMENDED, cast.street_admin)
    with acting(cast.district_admin):
        services.start_review(actor=cast.district_admin, round_=district_round)
    _decide(cast.reviewer, n, "approve")
    n.refresh_from_db()
    assert (n.status, n.district_reviewed_by) == (S.APPROVED, cast.reviewer)
    with acting(cast.district_admin):
        services.publish_notice(
            actor=cast.district_admin, nomination=n, start=datetime.date(2026, 9, 30)
        )
    n.refresh_from_db()
    assert n.status == S.IN_NOTICE
    events = [(e.transition, e.actor) for e in history(n)]
    assert events == [
        ("street_approve", cast.street_admin),
        ("start_review", cast.district_admin),
        ("approve", cast.reviewer),
        ("publish_notice", cast.district_admin),
    ]
    # The nomination page's timeline names every step and its level.
    page = login(cast.chair_a).get(f"/honours/nominations/{n.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    for text in (
        "提交推荐",
        "街道审核（测试街道工会）",
        "审核通过，推荐上报",
        "同意推荐",
        "开始评审",
        "区级评审（测试区总工会）",
        "评审通过",
        "进入公示",
    ):
        assert text in timeline, text
    assert timeline.index("提交推荐") < timeline.index("推荐上报") < timeline.index("进入公示")
    # What the system noted with a step is kept as data and worded for the reader: the
    # approval's places (no reason typed), the notice's dates; a typed reason stays as typed.
    steps = {e.transition: e for e in history(n)}
    assert steps["street_approve"].reason == "同意推荐"
    assert steps["street_approve"].data["check"]["stage"] == "street"
    assert steps["approve"].reason == ""
    assert steps["approve"].data["check"]["stage"] == "organiser"
    assert (steps["approve"].data["check"]["count"], steps["approve"].data["check"]["places"]) == (
        1,
        3,
    )
    assert steps["publish_notice"].data == {"notice": ["2026-09-30", "2026-10-13"]}
    assert "评审通过（含本推荐）1 / 3 名" in timeline
    assert "公示 2026-09-30 至 2026-10-13" in timeline
    with translation.override("en"):  # the page's language is not left active after it
        english = login(cast.chair_a).get(
            f"/honours/nominations/{n.pk}/", HTTP_ACCEPT_LANGUAGE="en"
        )
    timeline = english.content.decode()
    timeline = timeline[
        timeline.index('id="timeline"') : timeline.index("</ul>", timeline.index('id="timeline"'))
    ]
    assert "Passed review (incl. this nomination): 1 / 3" in timeline
    assert "Public notice 2026-09-30 to 2026-10-13" in timeline
    assert "同意推荐" in timeline  # as the street union wrote it
    assert "公示" not in timeline and "含本推荐" not in timeline


def test_return_at_street_then_resubmit_goes_back_to_the_street(cast, login, district_round):
    member = make_member(cast.union_a, f"{MARKER_A}王二", cast.employer_a)
    n = nominate(cast.chair_a, district_round, cast.union_a, member, frontline=True)
    with pytest.raises(ValidationError, match="需要填写理由"):
        _decide(cast.street_admin, n, "street_return", "  ")
    _decide(cast.street_admin, n, "street_return", "缺少单位推荐意见")
    n.refresh_from_db()
    assert n.status == S.RETURNED
    # the union sees why and resubmits through the page
    client = login(cast.chair_a)
    page = client.get(f"/honours/nominations/{n.pk}/").content.decode()
    assert "缺少单位推荐意见" in page and "重新提交" in page
    response = client.post(f"/honours/nominations/{n.pk}/resubmit/", {"reason": "已补充"})
    assert response.status_code == 302
    n.refresh_from_db()
    assert (n.status, n.street_reviewed_by) == (S.NOMINATED, None)
    assert [e.transition for e in history(n)] == ["street_return", "resubmit"]


def test_street_reject_is_final_and_frees_the_place(cast, district_round):
    n = nominate(cast.chair_a, district_round, cast.union_a, make_member(cast.union_a, "甲丙"))
    _decide(cast.street_admin, n, "street_reject", "不符合推荐条件")
    n.refresh_from_db()
    assert n.status == S.REJECTED and not n.is_active
    with pytest.raises(ValidationError):
        _decide(cast.street_admin, n, "street_approve")


def test_district_return_sends_it_back_through_the_street(cast, district_round):
    n = nominate(
        cast.chair_a,
        district_round,
        cast.union_a,
        make_member(cast.union_a, "甲丁"),
        frontline=True,
    )
    begin_review(cast, district_round)
    _decide(cast.reviewer, n, "return", "事迹数据需核实")
    with acting(cast.chair_a):
        services.resubmit(actor=cast.chair_a, nomination=n)
    n.refresh_from_db()
    assert n.status == S.NOMINATED  # the street reviews it again


def test_wrong_level_refused(cast, district_round):
    n = nominate(
        cast.chair_a,
        district_round,
        cast.union_a,
        make_member(cast.union_a, "甲戊"),
        frontline=True,
    )
    # The district (above the street) does not take the street's decision...
    with pytest.raises(PermissionDenied, match="街道审核须由“测试街道工会”进行"):
        _decide(cast.district_admin, n, "street_approve")
    # ...nor does the nominating union below it...
    with pytest.raises(PermissionDenied, match="街道审核须由"):
        _decide(cast.chair_a, n, "street_approve")
    # ...and another street does not even see it.
    other = _user("other-street", "另一街道主席")
    RoleAssignment.objects.create(user=other, org=cast.other_street, role="union_admin")
    with pytest.raises(Http404):
        _decide(other, n, "street_approve")
    # The organiser's stage is not the street's: the street cannot approve for the district.
    recommend(n)
    with acting(cast.district_admin):
        services.start_review(actor=cast.district_admin, round_=district_round)
    with pytest.raises(PermissionDenied, match="评审须由评选组织单位“测试区总工会”进行"):
        _decide(cast.street_admin, n, "approve")
    # and the street's decision is no longer open
    with pytest.raises(ValidationError, match="当前状态不能执行"):
        _decide(cast.street_admin, n, "street_approve")
    n.refresh_from_db()
    assert n.status == S.UNDER_REVIEW


def test_nominating_chair_refused_at_street_stage(cast):
    round_ = make_round(cast.district_admin, cast.district, quota=5)
    # A street officer who also chairs union A: the street's scope, but A's own nomination.
    both = _user("both", "街道兼甲主席")
    RoleAssignment.objects.create(user=both, org=cast.street, role="union_admin")
    RoleAssignment.objects.create(user=both, org=cast.union_a, role="union_admin")
    n = nominate(
        cast.chair_a, round_, cast.union_a, make_member(cast.union_a, "甲己"), frontline=True
    )
    with pytest.raises(PermissionDenied, match="推荐工会的主席或工作人员不能审核本单位的推荐"):
        _decide(both, n, "street_approve", at=cast.street)
    # whoever made the nomination cannot approve it either (the street admin nominating for A)
    own = nominate(
        cast.street_admin,
        round_,
        cast.union_a,
        make_member(cast.union_a, "甲庚"),
        frontline=True,
    )
    with pytest.raises(PermissionDenied, match="推荐人不能审核自己提交的推荐"):
        _decide(cast.street_admin, own, "street_approve")
    _decide(cast.street_admin, n, "street_approve")  # the street's own officer can


def test_street_approver_cannot_also_give_district_approval(cast):
    round_ = make_round(cast.district_admin, cast.district, quota=5)
    both = _user("both-levels", "街道与区两级")
    RoleAssignment.objects.create(user=both, org=cast.street, role="union_admin")
    RoleAssignment.objects.create(user=both, org=cast.district, role="reviewer")
    n = nominate(
        cast.chair_a, round_, cast.union_a, make_member(cast.union_a, "甲辛"), frontline=True
    )
    _decide(both, n, "street_approve", at=cast.street)
    begin_review(cast, round_)
    with pytest.raises(PermissionDenied, match="街道审核推荐人不能同时"):
        _decide(both, n, "approve", at=cast.district)
    _decide(cast.reviewer, n, "approve")  # another district reviewer can


def test_direct_street_nomination_skips_street_stage(cast, login):
    round_ = make_round(cast.district_admin, cast.district, quota=5)
    member = make_member(cast.union_a, f"{MARKER_A}街道直推", cast.employer_a)
    n = nominate(cast.street_admin, round_, cast.street, member, frontline=True)
    assert (n.status, n.street_org) == (S.RECOMMENDED, None)
    with pytest.raises(ValidationError):
        _decide(cast.district_admin, n, "street_approve")
    with acting(cast.district_admin):
        assert services.start_review(actor=cast.district_admin, round_=round_) == 1
    _decide(cast.reviewer, n, "approve")
    n.refresh_from_db()
    assert n.status == S.APPROVED
    chain = {step["key"]: step["mark"] for step in selectors.chain(n)}
    assert chain["street"] == "skipped" and chain["organiser"] == "done"


def test_street_organised_award_has_no_street_stage(cast):
    round_ = make_round(cast.street_admin, cast.street, award_type="advanced_individual")
    n = nominate(
        cast.chair_a, round_, cast.union_a, make_member(cast.union_a, "甲壬"), frontline=True
    )
    assert (n.status, n.street_org) == (S.RECOMMENDED, None)
    with acting(cast.street_admin):
        services.start_review(actor=cast.street_admin, round_=round_)
    _decide(cast.street_admin, n, "approve")  # the street organises: its own approval
    n.refresh_from_db()
    assert n.status == S.APPROVED


# --- quotas at each stage ------------------------------------------------------------------------


def test_street_stage_checks_its_places(cast):
    round_ = make_round(cast.district_admin, cast.district, quota=5, street_quota=2)
    made = [
        nominate(
            cast.chair_a, round_, cast.union_a, make_member(cast.union_a, f"甲{i}"), frontline=True
        )
        for i in range(2)
    ]
    b_member = make_member(cast.union_b, "乙某", cast.employer_b)
    from_b = nominate(cast.chair_b, round_, cast.union_b, b_member, frontline=True)
    recommend(made[0], from_b)  # union B's recommendation counts in the same street's places
    with pytest.raises(ValidationError, match="街道推荐人数 3 超过名额 2"):
        _decide(cast.street_admin, made[1], "street_approve")
    made[1].refresh_from_db()
    assert made[1].status == S.NOMINATED
    # a recommended nomination withdrawn frees its place
    with acting(cast.chair_b):
        services.withdraw_nomination(actor=cast.chair_b, nomination=from_b, reason="调离")
    _decide(cast.street_admin, made[1], "street_approve")


def test_street_stage_checks_structure_against_its_places(cast):
    # 5 places: heads ≤ ⌊20% × 5⌋ = 1; non-front-line ≤ 5 − ⌈35% × 5⌉ = 3.
    round_ = make_round(cast.district_admin, cast.district, quota=5)
    heads = [
        nominate(cast.chair_a, round_, cast.union_a, make_member(cast.union_a, f"头{i}"), head=True)
        for i in range(2)
    ]
    recommend(heads[0])
    with pytest.raises(ValidationError, match="企业负责人 2 名，超过 5 个名额允许的 1 名"):
        _decide(cast.street_admin, heads[1], "street_approve")
    others = [
        nominate(cast.chair_a, round_, cast.union_a, make_member(cast.union_a, f"他{i}"))
        for i in range(3)
    ]
    recommend(others[0], others[1])  # with the head: 3 non-front-line
    with pytest.raises(ValidationError, match="非一线职工 4 名，超过 5 个名额允许的 3 名"):
        _decide(cast.street_admin, others[2], "street_approve")
    # front-line workers still go through
    front = nominate(
        cast.chair_a, round_, cast.union_a, make_member(cast.union_a, "一线"), frontline=True
    )
    recommend(front)
    front.refresh_from_db()
    assert front.status == S.RECOMMENDED


def test_district_stage_checks_round_places_and_structure(cast):
    round_ = make_round(cast.district_admin, cast.district, quota=3, street_quota=10)
    front = [
        nominate(
            cast.chair_a, round_, cast.union_a, make_member(cast.union_a, f"线{i}"), frontline=True
        )
        for i in range(3)
    ]
    other = [
        nominate(cast.chair_a, round_, cast.union_a, make_member(cast.union_a, f"非{i}"))
        for i in range(2)
    ]
    begin_review(cast, round_)
    # 3 places: non-front-line ≤ 3 − ⌈1.05⌉ = 1
    approve(other[0])
    with pytest.raises(ValidationError, match="非一线职工 2 名，超过 3 个名额允许的 1 名"):
        _decide(cast.reviewer, other[1], "approve")
    approve(front[0], front[1])
    with pytest.raises(ValidationError, match="评审通过人数 4 超过名额 3"):
        _decide(cast.reviewer, front[2], "approve")
    # the page shows the stage's count beside the decision
    page = _page(cast, front[2])
    assert "评审通过（含本推荐）4 / 3 名" in page


def _page(cast, nomination):
    from django.test import Client

    client = Client()
    client.force_login(cast.reviewer)
    return client.get(f"/honours/nominations/{nomination.pk}/review/").content.decode()


# --- pages -----------------------------------------------------------------------------------------


def test_review_pages_for_each_level(cast, login, district_round):
    n = nominate(
        cast.chair_a,
        district_round,
        cast.union_a,
        make_member(cast.union_a, f"{MARKER_A}页面", cast.employer_a),
        frontline=True,
    )
    street = login(cast.street_admin)
    queue = street.get("/honours/review/").content.decode()
    assert n.nominee_name in queue
    assert n.nominee_name not in login(cast.district_admin).get("/honours/review/").content.decode()
    form = street.get(f"/honours/nominations/{n.pk}/review/").content.decode()
    assert "审核通过，推荐上报" in form and "街道推荐（含本推荐）1 / 3 名" in form
    # the nominating union and the district are refused at the street stage (403), B sees nothing
    assert login(cast.chair_a).get(f"/honours/nominations/{n.pk}/review/").status_code == 403
    district = login(cast.district_admin)
    assert district.get(f"/honours/nominations/{n.pk}/review/").status_code == 403
    assert login(cast.chair_b).get(f"/honours/nominations/{n.pk}/review/").status_code == 404
    # a return needs a reason
    refused = street.post(f"/honours/nominations/{n.pk}/review/", {"decision": "street_return"})
    assert refused.status_code == 200 and "需要填写理由" in refused.content.decode()
    response = street.post(
        f"/honours/nominations/{n.pk}/review/", {"decision": "street_approve", "reason": ""}
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.status == S.RECOMMENDED
    # the district starts its review from the round page and approves from the queue
    district.post(f"/honours/rounds/{district_round.pk}/start-review/")
    assert n.nominee_name in district.get("/honours/review/").content.decode()
    reviewer = login(cast.reviewer)
    response = reviewer.post(f"/honours/nominations/{n.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.status == S.APPROVED
    detail = district.get(f"/honours/nominations/{n.pk}/").content.decode()
    assert "进入公示" in detail


def test_review_through_the_api(cast, login, district_round):
    n = nominate(
        cast.chair_a,
        district_round,
        cast.union_a,
        make_member(cast.union_a, f"{MARKER_A}接口", cast.employer_a),
        frontline=True,
    )
    url = f"/api/v1/honours/nominations/{n.pk}/review"
    body = {"decision": "street_approve"}
    assert login(cast.chair_b).post(url, body, content_type="application/json").status_code == 404
    # the district is refused at the street's stage
    refused = login(cast.district_admin).post(url, body, content_type="application/json")
    assert refused.status_code == 403
    odd = login(cast.street_admin).post(
        url, {"decision": "promote"}, content_type="application/json"
    )
    assert odd.status_code == 422
    ok = login(cast.street_admin).post(url, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "recommended"
    assert ok.json()["street_org_code"] == cast.street.code
