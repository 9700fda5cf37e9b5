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
        OrgStatus.DISSOLVED}


def test_chair_b_gets_404_on_union_a(cast, login):
    response = login(cast.chair_b).get("/orgs/A/")
    assert response.status_code == 404
    assert "甲工会" not in response.content.decode()


def test_chair_a_sees_union_a(cast, login):
    response = login(cast.chair_a).get("/orgs/A/")
    assert response.status_code == 200
    assert "甲工会" in response.content.decode()
