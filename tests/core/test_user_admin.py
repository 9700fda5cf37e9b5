import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from gonghui.core import accounts
from gonghui.core.models import AuditEvent, RoleAssignment
from tests.conftest import acting

pytestmark = pytest.mark.django_db


def test_chair_creates_staff_login_with_temporary_password(cast, login):
    client = login(cast.chair_a)
    response = client.post(
        "/accounts/new/",
        {
            "username": "wang.gan",
            "full_name": "甲工会王干事",
            "org_code": "A1",
            "role": "union_staff",
        },
    )
    assert response.status_code == 200
    password = response.context["password"]
    fresh = Client()
    assert fresh.login(username="wang.gan", password=password)
    assert RoleAssignment.objects.get(user__username="wang.gan").org == cast.group_a
    assert AuditEvent.unscoped.filter(action="core.user.create").exists()
    assert password not in str(list(AuditEvent.unscoped.values_list("extra", "changes")))


def test_union_admin_cannot_grant_district_admin(cast):
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        accounts.create_user(
            actor=cast.chair_a,
            username="boss",
            full_name="x",
            org=cast.union_a,
            role="district_admin",
        )


def test_cannot_grant_outside_own_subtree(cast, login):
    response = login(cast.chair_a).post(
        "/accounts/new/",
        {"username": "intruder", "full_name": "x", "org_code": "B", "role": "union_staff"},
    )
    assert "找不到该组织代码" in response.content.decode()


def test_user_list_shows_only_own_subtree(cast, login):
    page = login(cast.chair_b).get("/accounts/").content.decode()
    assert "chair-b" in page
    assert "chair-a" not in page and "staff-a" not in page
    assert login(cast.chair_b).get(f"/accounts/{cast.staff_a.pk}/").status_code == 404


def test_revoke_and_reset(cast, login):
    client = login(cast.chair_a)
    response = client.post(f"/accounts/{cast.staff_a.pk}/password/")
    assert Client().login(username="staff-a", password=response.context["password"])
    client.post(f"/accounts/roles/{cast.staff_a_assignment.pk}/revoke/")
    assert RoleAssignment.objects.get(pk=cast.staff_a_assignment.pk).is_active is False
    # A revoked role gives its former admin no power over the account (issue 12, finding 1).
    assert client.post(f"/accounts/{cast.staff_a.pk}/password/").status_code == 403
