import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.orgs import services
from gonghui.orgs.models import Org, OrgStatus
from tests.conftest import acting

pytestmark = pytest.mark.django_db


def test_move_under_own_descendant_is_refused(cast):
    with acting(cast.district_admin), pytest.raises(ValidationError, match="下级"):
        services.move_org(actor=cast.district_admin, org=cast.street, new_parent=cast.union_a)


def test_move_repaths_subtree(cast):
    with acting(cast.district_admin):
        services.move_org(actor=cast.district_admin, org=cast.union_a, new_parent=cast.other_street)
    union_a = Org.objects.get(code="A")
    group = Org.objects.get(code="A1")
    assert union_a.path.startswith(Org.objects.get(code="S2").path)
    assert group.path.startswith(union_a.path)


def test_chair_cannot_move(cast):
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        services.move_org(actor=cast.chair_a, org=cast.group_a, new_parent=cast.union_a)


def test_dissolve_marks_subtree(cast):
    with acting(cast.district_admin):
        services.dissolve_org(actor=cast.district_admin, org=cast.union_a, reason="企业注销")
    assert set(Org.objects.filter(code__in=["A", "A1"]).values_list("status", flat=True)) == {
        OrgStatus.DISSOLVED
    }


def test_chair_b_gets_404_on_union_a(cast, login):
    response = login(cast.chair_b).get("/orgs/A/")
    assert response.status_code == 404
    assert "甲工会" not in response.content.decode()


def test_chair_a_sees_union_a(cast, login):
    response = login(cast.chair_a).get("/orgs/A/")
    assert response.status_code == 200
    assert "甲工会" in response.content.decode()


def test_dissolve_refused_while_org_holds_members(cast):
    import datetime

    from gonghui.members.models import Member

    Member.unscoped.create(
        org=cast.group_a,
        name="甲工会会员",
        gender="M",
        birth_date=datetime.date(1990, 1, 1),
        id_number="11010519491231002X",
        join_date=datetime.date(2020, 1, 1),
        card_number="C1",
    )
    with acting(cast.chair_a), pytest.raises(ValidationError, match="仍有 1 条"):
        services.dissolve_org(actor=cast.chair_a, org=cast.union_a, reason="企业注销")
    assert Org.objects.get(code="A").status == OrgStatus.ACTIVE


def test_no_org_can_be_deleted(cast, login):
    from django.urls import NoReverseMatch, reverse

    with pytest.raises(NoReverseMatch):
        reverse("orgs:delete", kwargs={"code": "A"})


def test_invalid_credit_code_gets_chinese_error_naming_the_field(cast, login):
    response = login(cast.chair_a).post(
        "/orgs/A/employers/add/",
        {
            "name": "甲工会新公司",
            "credit_code": "91320102MA10000010",
            "industry": "manufacturing",
            "ownership": "private",
            "headcount": "5",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码" in body and "校验" in body


def test_create_org_of_wrong_kind_is_refused(cast):
    with acting(cast.chair_a), pytest.raises(ValidationError, match="不能设立"):
        services.create_org(
            actor=cast.chair_a, parent=cast.union_a, kind="street", code="X", name="错误"
        )


def test_term_alerts(cast):
    import datetime

    from gonghui.orgs.selectors import term_alerts

    today = datetime.date.today()
    with acting(cast.street_admin):
        services.start_term(
            actor=cast.street_admin,
            org=cast.union_a,
            kind="committee",
            start_date=today.replace(year=today.year - 3) + datetime.timedelta(days=30),
            years=3,
        )
        services.start_term(
            actor=cast.street_admin,
            org=cast.union_b,
            kind="committee",
            start_date=today.replace(year=today.year - 4),
            years=3,
        )
        expiring, overdue = term_alerts()
        assert [t.org.code for t in expiring] == ["A"]
        assert [t.org.code for t in overdue] == ["B"]
