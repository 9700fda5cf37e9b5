"""Finding 1: a lower admin must not take over an account it does not fully manage."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core import accounts, notify
from gonghui.core.models import (
    AuditEvent,
    RoleAssignment,
    SmsMessage,
    TotpResetRequest,
    User,
)
from tests.conftest import PASSWORD, _assign, _user, acting

pytestmark = pytest.mark.django_db


@pytest.fixture
def da2(cast):
    """A second district admin who also holds a member role at union A (the reproduction)."""
    user = _user("da2", "区管理员二")
    _assign(user, cast.district, "district_admin")
    _assign(user, cast.union_a, "member")
    return user


def test_chair_cannot_reset_a_district_admin_with_a_role_in_its_union(cast, da2, login):
    response = login(cast.chair_a).post(f"/accounts/{da2.pk}/password/")
    assert response.status_code == 403
    assert b"Gh-" not in response.content
    da2.refresh_from_db()
    assert da2.check_password(PASSWORD)
    assert not da2.must_change_password
    assert not AuditEvent.unscoped.filter(action="core.user.reset_password").exists()


def test_past_roles_give_no_power(cast, login):
    former = _user("former", "前会员")
    assignment = _assign(former, cast.union_a, "member")
    _assign(former, cast.other_street, "union_staff")
    RoleAssignment.objects.filter(pk=assignment.pk).update(is_active=False)
    response = login(cast.chair_a).post(f"/accounts/{former.pk}/password/")
    assert response.status_code == 403
    former.refresh_from_db()
    assert former.check_password(PASSWORD)


def test_user_with_only_revoked_roles_cannot_be_reset(cast, login):
    former = _user("former2", "前干事")
    assignment = _assign(former, cast.union_a, "union_staff")
    RoleAssignment.objects.filter(pk=assignment.pk).update(is_active=False)
    assert login(cast.chair_a).post(f"/accounts/{former.pk}/password/").status_code == 403


def test_equal_level_and_outside_roles_are_refused(cast, login):
    co_chair = _user("co-chair", "甲副主席")
    _assign(co_chair, cast.union_a, "union_admin")
    assert login(cast.chair_a).post(f"/accounts/{co_chair.pk}/password/").status_code == 403
    # A member of A who also works at union B: one role outside chair-a's subtree.
    both = _user("both", "两边")
    _assign(both, cast.union_a, "member")
    _assign(both, cast.union_b, "member")
    assert login(cast.chair_a).post(f"/accounts/{both.pk}/password/").status_code == 403
    # District-level roles are never reset, not even by the street or by another district admin.
    assert login(cast.street_admin).post(f"/accounts/{cast.reviewer.pk}/password/").status_code in (
        403,
        404,
    )
    assert (
        login(cast.district_admin).post(f"/accounts/{cast.reviewer.pk}/password/").status_code
        == 403
    )


def test_allowed_reset_forces_change_is_audited_and_tells_the_user(cast, login):
    cast.staff_a.phone = "13900000009"
    cast.staff_a.save()
    response = login(cast.chair_a).post(f"/accounts/{cast.staff_a.pk}/password/")
    assert response.status_code == 200
    password = response.context["password"]
    staff = User.objects.get(pk=cast.staff_a.pk)
    assert staff.check_password(password)
    assert staff.must_change_password is True
    event = AuditEvent.unscoped.get(action="core.user.reset_password")
    assert event.actor_id == cast.chair_a.pk
    assert event.object_id == str(cast.staff_a.pk)
    assert event.extra == {"sms_sent": True}
    sms = SmsMessage.unscoped.get()
    assert sms.template_key == "core.password_reset"
    assert sms.phone == "13900000009"
    assert sms.params["by"] == "chair-a"
    assert "重置" in notify.render(sms.template_key, sms.params)

    # Logging in with the temporary password leads to the password change and nowhere else.
    from django.test import Client

    client = Client()
    assert client.post("/login/", {"username": "staff-a", "password": password}).status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/password/"
    assert client.get("/members/").status_code == 302
    changed = client.post(
        "/password/",
        {
            "old_password": password,
            "new_password1": "Another-Pass-789!",
            "new_password2": "Another-Pass-789!",
        },
    )
    assert changed.status_code == 302
    staff.refresh_from_db()
    assert staff.must_change_password is False
    assert client.get("/").status_code == 200


def test_new_logins_must_change_their_temporary_password(cast):
    with acting(cast.chair_a):
        user, _password = accounts.create_user(
            actor=cast.chair_a,
            username="new-staff",
            full_name="新干事",
            org=cast.union_a,
            role="union_staff",
        )
    assert user.must_change_password is True


def test_password_reset_keeps_the_second_factor(cast, login):
    device = TOTPDevice.objects.create(user=cast.staff_a, name="default", confirmed=True)
    login(cast.chair_a).post(f"/accounts/{cast.staff_a.pk}/password/")
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


@pytest.fixture
def second_district_admin(cast):
    user = _user("district2", "区管理员乙")
    _assign(user, cast.district, "district_admin")
    return user


def test_totp_reset_needs_two_district_admins(cast, second_district_admin, login):
    TOTPDevice.objects.create(user=cast.staff_a, name="default", confirmed=True)
    # A union admin cannot even ask.
    assert login(cast.chair_a).post(f"/accounts/{cast.staff_a.pk}/totp-reset/").status_code == 403
    assert not TotpResetRequest.objects.exists()

    first = login(cast.district_admin)
    assert first.post(f"/accounts/{cast.staff_a.pk}/totp-reset/").status_code == 302
    reset_request = TotpResetRequest.objects.get()
    # The one who asked cannot confirm.
    first.post(f"/accounts/totp-resets/{reset_request.pk}/confirm/")
    reset_request.refresh_from_db()
    assert reset_request.status == "pending"
    assert TOTPDevice.objects.filter(user=cast.staff_a).count() == 1

    login(second_district_admin).post(f"/accounts/totp-resets/{reset_request.pk}/confirm/")
    reset_request.refresh_from_db()
    assert reset_request.status == "done"
    assert reset_request.confirmed_by_id == second_district_admin.pk
    assert TOTPDevice.objects.filter(user=cast.staff_a).count() == 0
    actions = list(
        AuditEvent.unscoped.filter(object_id=str(cast.staff_a.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["core.user.totp_reset_request", "core.user.totp_reset"]


def test_detail_page_says_why_reset_is_refused(cast, da2, login):
    page = login(cast.chair_a).get(f"/accounts/{da2.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "该用户持有区级角色，不能由此重置" in body
    assert f"/accounts/{da2.pk}/password/" not in body
