"""Award types: a table managed by the organising level, visible to the unions below it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.honours import services
from gonghui.honours.models import AwardType
from tests.conftest import MARKER_A, acting

from .conftest import default_award_type, make_round

pytestmark = pytest.mark.django_db


def _create(user, org, name, kind="individual", **extra):
    with acting(user):
        return services.create_award_type(
            actor=user, org=org, name=name, nominee_kind=kind, **extra
        )


def test_district_creates_award_type_with_quota_defaults_from_settings(cast, login):
    response = login(cast.district_admin).post(
        "/honours/award-types/new/",
        {
            "org": cast.district.pk,
            "name": "区五一劳动奖章",
            "nominee_kind": "individual",
            "min_frontline_pct": "35",
            "max_heads_pct": "20",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    medal = AwardType.unscoped.get(name="区五一劳动奖章")
    assert (medal.org, medal.min_frontline_pct, medal.max_heads_pct) == (
        cast.district,
        Decimal(35),
        Decimal(20),
    )
    # the form's initial values are the settings in force, shown with their source
    page = login(cast.district_admin).get("/honours/award-types/new/").content.decode()
    assert "一线职工占比下限（%） = 35" in page and 'value="35' in page
    # without percentages the service takes the settings
    pioneer = _create(cast.district_admin, cast.district, "工人先锋号", "team")
    assert pioneer.min_frontline_pct == Decimal(35) and pioneer.code


def test_street_defines_its_own_and_cannot_edit_district_awards(cast, login):
    district_award = _create(cast.district_admin, cast.district, "先进集体", "unit")
    street_award = _create(cast.street_admin, cast.street, "街道优秀工会积极分子")
    street = login(cast.street_admin)
    listing = street.get("/honours/award-types/").content.decode()
    assert "先进集体" in listing and "街道优秀工会积极分子" in listing and "上级设立" in listing
    assert street.get(f"/honours/award-types/{district_award.pk}/").status_code == 403
    with acting(cast.street_admin), pytest.raises(PermissionDenied):
        services.update_award_type(
            actor=cast.street_admin, award_type=district_award, version=1, name="改名"
        )
    # the street cannot define an award for the district either
    with pytest.raises(Http404):
        _create(cast.street_admin, cast.district, "冒名奖项")
    response = street.post(
        f"/honours/award-types/{street_award.pk}/",
        {
            "name": "街道优秀工会积极分子（改）",
            "nominee_kind": "individual",
            "min_frontline_pct": "40",
            "max_heads_pct": "10",
            "is_active": "on",
            "version": "1",
        },
    )
    assert response.status_code == 302
    street_award.refresh_from_db()
    assert (street_award.name, street_award.min_frontline_pct, street_award.version) == (
        "街道优秀工会积极分子（改）",
        Decimal(40),
        2,
    )
    # a stale form is refused
    stale = street.post(
        f"/honours/award-types/{street_award.pk}/",
        {
            "name": "再改",
            "nominee_kind": "individual",
            "min_frontline_pct": "40",
            "max_heads_pct": "10",
            "version": "1",
        },
    )
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()
    # the district sees (and may edit) the street's award below it
    assert (
        login(cast.district_admin).get(f"/honours/award-types/{street_award.pk}/").status_code
        == 200
    )


def test_nominating_union_sees_awards_of_its_ancestors_only(cast, login):
    _create(cast.district_admin, cast.district, "区先进个人")
    _create(cast.street_admin, cast.street, "测试街道先进个人")
    other = _create(cast.district_admin, cast.other_street, "另一街道先进个人")
    own = _create(cast.chair_a, cast.union_a, f"{MARKER_A}内部先进个人")
    a_page = login(cast.chair_a).get("/honours/award-types/").content.decode()
    assert "区先进个人" in a_page and "测试街道先进个人" in a_page and MARKER_A in a_page
    assert other.name not in a_page
    b_page = login(cast.chair_b).get("/honours/award-types/").content.decode()
    assert "区先进个人" in b_page and "测试街道先进个人" in b_page
    assert MARKER_A not in b_page and other.name not in b_page
    assert login(cast.chair_b).get(f"/honours/award-types/{own.pk}/").status_code == 404
    api = login(cast.chair_b).get("/api/v1/honours/award-types").json()
    assert {t["name"] for t in api["items"]} == {"区先进个人", "测试街道先进个人"}


def test_round_form_offers_own_level_award_types_and_round_follows_its_organiser(cast, login):
    district_award = _create(cast.district_admin, cast.district, "区劳动模范")
    street_award = _create(cast.street_admin, cast.street, "街道先进个人")
    page = login(cast.street_admin).get("/honours/rounds/new/").content.decode()
    assert "街道先进个人" in page and "区劳动模范" not in page
    with acting(cast.street_admin), pytest.raises(Http404):
        services.create_round(
            actor=cast.street_admin,
            award_type=district_award,
            year=2026,
            title="越级",
            quota=1,
            nomination_deadline="2026-12-01",
        )
    round_ = make_round(cast.street_admin, cast.street, award_type=street_award, title="街道评选")
    assert round_.org == cast.street and round_.level_label == "街道级"
    # and union A nominates into it; union A's chair sees the round, chair of another street not
    assert login(cast.chair_a).get(f"/honours/rounds/{round_.pk}/").status_code == 200


def test_inactive_type_cannot_open_rounds_and_kind_is_fixed_once_used(cast):
    medal = default_award_type(cast.district_admin, cast.district)
    make_round(cast.district_admin, cast.district, award_type=medal)
    with acting(cast.district_admin):
        with pytest.raises(ValidationError, match="已有评选使用该奖项"):
            services.update_award_type(
                actor=cast.district_admin, award_type=medal, version=1, nominee_kind="unit"
            )
        services.update_award_type(
            actor=cast.district_admin, award_type=medal, version=1, is_active=False
        )
        with pytest.raises(ValidationError, match="已停用"):
            services.create_round(
                actor=cast.district_admin,
                award_type=medal,
                year=2027,
                title="停用后",
                quota=1,
                nomination_deadline="2027-12-01",
            )


def test_award_type_validation(cast):
    _create(cast.district_admin, cast.district, "重复")
    with pytest.raises(ValidationError) as exc:
        _create(cast.district_admin, cast.district, "重复", min_frontline_pct=Decimal(101))
    assert set(exc.value.message_dict) == {"name", "min_frontline_pct"}
    with pytest.raises(ValidationError):
        _create(cast.chair_a, cast.group_a, "小组奖项")
    # another org may use the same name
    assert _create(cast.street_admin, cast.street, "重复").org == cast.street


def test_default_award_types_are_idempotent(cast):
    with acting(cast.district_admin):
        first = services.ensure_default_award_types(actor=cast.district_admin, org=cast.district)
        again = services.ensure_default_award_types(actor=cast.district_admin, org=cast.district)
    assert [t.pk for t in first] == [t.pk for t in again]
    assert [t.name for t in first] == [
        "五一劳动奖章",
        "工人先锋号",
        "先进单位",
        "先进个人",
        "模范职工之家",
    ]
