"""Sign-up conditions by member attributes (sex, age band, employment form, a chosen union or
subtree), enforced on sign-up and explained to the member in Chinese; participation rates per
union rolled up the tree; the portal's home listing the latest of union life."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from gonghui.life import selectors
from gonghui.life.eligibility import band_of, reasons_not_eligible
from gonghui.life.models import Signup
from gonghui.life.services import activities
from tests.conftest import MARKER_A, acting
from tests.life.factories import enrol, make_activity, make_course, make_member, make_notice

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _member(org, name, *, gender="F", born=datetime.date(1990, 2, 2), form="regular"):
    m = make_member(org, name)
    m.gender, m.birth_date, m.employment_form = gender, born, form
    m.save()
    return m


def _sign(member, activity):
    with acting(member.user):
        return activities.sign_up(actor=member.user, activity=activity)


def test_age_bands():
    assert [band_of(a) for a in (18, 34, 35, 50, 51)] == ["u35", "u35", "35_50", "35_50", "o50"]


def test_reasons_in_chinese_one_per_condition(cast):
    activity = make_activity(
        cast.chair_a, cast.union_a, filter_gender="F", filter_age="u35",
        filter_employment=["migrant", "new_form"],
    )  # fmt: skip
    man = _member(cast.union_a, "男工", gender="M", born=datetime.date(1970, 1, 1))
    assert reasons_not_eligible(activity, man, today=TODAY) == [
        "仅限女职工报名",
        "仅限35 岁以下（青年职工）的会员报名，您今年56岁",
        "仅限用工形式为农民工、新就业形态的会员报名",
    ]
    rider = _member(cast.union_a, "骑手", born=datetime.date(2000, 5, 5), form="new_form")
    assert reasons_not_eligible(activity, rider, today=TODAY) == []


def test_sign_up_refused_with_the_reasons(cast):
    activity = make_activity(cast.chair_a, cast.union_a, filter_employment=["migrant"])
    worker = _member(cast.union_a, "合同工")
    with pytest.raises(ValidationError) as exc:
        _sign(worker, activity)
    assert exc.value.messages == ["您不符合报名条件：仅限用工形式为农民工的会员报名"]
    assert not Signup.unscoped.filter(activity=activity).exists()
    migrant = _member(cast.union_a, "农民工", form="migrant")
    assert _sign(migrant, activity).status == "confirmed"


def test_chosen_union_narrows_the_reach(cast):
    activity = make_activity(cast.district_admin, cast.district, target_org=cast.union_a)
    assert _sign(_member(cast.group_a, "小组会员"), activity).status == "confirmed"
    with pytest.raises(PermissionDenied):
        _sign(_member(cast.union_b, "乙会员"), activity)
    b = _member(cast.union_b, "乙会员二")
    assert selectors.activities_open_to(b).filter(pk=activity.pk).count() == 0
    with pytest.raises(ValidationError, match="只能限定为本单位或下属工会"):
        make_activity(cast.chair_a, cast.union_a, target_org=cast.union_b)


def test_member_page_says_why_not(cast, login):
    activity = make_activity(cast.chair_a, cast.union_a, filter_gender="M")
    woman = _member(cast.union_a, "女工")
    page = login(woman.user).get(f"/life/me/activities/{activity.pk}/").content.decode()
    assert "您不符合报名条件" in page and "仅限男职工报名" in page
    assert 'id="sign-up"' not in page
    response = login(woman.user).post(f"/life/me/activities/{activity.pk}/signup/", follow=True)
    assert "仅限男职工报名" in response.content.decode()
    assert not Signup.unscoped.exists()


def test_course_enrolment_checks_the_conditions(cast):
    course = make_course(cast.chair_a, cast.union_a, filter_gender="M")
    with pytest.raises(ValidationError, match="仅限男职工报名"):
        enrol(_member(cast.union_a, "女工"), course)


def test_participation_rates_roll_up_the_tree(cast, login):
    """Women of the district (the filter), per union and rolled up: union A has 2 eligible of
    whom 1 signed, its group 1 eligible and signed; union B 1 eligible, none signed."""
    activity = make_activity(cast.district_admin, cast.district, filter_gender="F", quota=10)
    a1, _a2 = _member(cast.union_a, "甲一"), _member(cast.union_a, "甲二")
    _member(cast.union_a, "甲男", gender="M")
    g1 = _member(cast.group_a, "组一")
    _member(cast.union_b, "乙一")
    _sign(a1, activity)
    _sign(g1, activity)
    with acting(cast.district_admin):
        rows = {r["name"]: r for r in selectors.activity_participation(activity, depth_below=None)}
    union_a, group_a = rows[cast.union_a.name], rows[cast.group_a.name]
    assert (group_a["eligible"], group_a["signed"], group_a["signed_rate"]) == (1, 1, 100)
    # Union A's row includes its group: 3 eligible women, 2 signed.
    assert (union_a["eligible"], union_a["signed"], str(union_a["signed_rate"])) == (3, 2, "66.7")
    assert (rows[cast.union_b.name]["eligible"], rows[cast.union_b.name]["signed"]) == (1, 0)
    district = rows[cast.district.name]
    assert (district["eligible"], district["signed"], district["level"]) == (4, 2, 0)
    assert str(district["signed_rate"]) == "50.0"
    # Union A's chair sees only its subtree.
    with acting(cast.chair_a):
        names = [r["name"] for r in selectors.activity_participation(activity)]
    assert names == [cast.union_a.name, cast.group_a.name]
    # The organiser's page and export show the percentages.
    client = login(cast.district_admin)
    assert "66.7%" in client.get(f"/life/activities/{activity.pk}/").content.decode()
    book = load_workbook(
        io.BytesIO(client.get(f"/life/activities/{activity.pk}/export.xlsx").content)
    )
    sheet = list(book["参与率"].iter_rows(values_only=True))
    assert sheet[0] == ("工会", "符合条件会员", "正式报名", "报名率", "签到参加", "参与率")
    assert sheet[1][:4] == (cast.district.name, 4, 2, 0.5)


def test_rates_page_queries_do_not_grow_with_unions(cast, login, django_assert_max_num_queries):
    activity = make_activity(cast.chair_a, cast.union_a, quota=10)
    for n in range(3):
        _sign(_member(cast.union_a, f"会员{n}"), activity)
    client = login(cast.chair_a)
    with django_assert_max_num_queries(40):
        assert client.get(f"/life/activities/{activity.pk}/").status_code == 200


def test_portal_home_lists_the_latest(cast, login):
    member = _member(cast.union_a, "甲会员")
    make_notice(cast.district_admin, cast.district, title="区总工会停水通知", audience="members")
    make_activity(cast.chair_a, cast.union_a, title=f"{MARKER_A}读书会")
    make_course(cast.chair_a, cast.union_a)
    other = make_notice(
        cast.district_admin, cast.district, title="乙工会通知", reach="chosen",
        targets=[cast.union_b],
    )  # fmt: skip
    page = login(member.user).get("/m/").content.decode()
    assert "区总工会停水通知" in page and f"{MARKER_A}读书会" in page
    assert "1 门课程可报名" in page and "累计 0.0 学时" in page
    assert other.title not in page
