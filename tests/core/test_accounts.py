import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core import tokens
from gonghui.core.models import PersonalAccessToken
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_logout_and_home_with_real_figures(cast):
    client = Client()
    response = client.post("/login/", {"username": "chair-a", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "甲工会" in page
    assert 'data-figure="orgs">2<' in page.replace(" ", "").replace("\n", "") or "工会组织" in page
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_passwords_are_argon2():
    from gonghui import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_failed_logins_are_throttled(cast):
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "chair-a", "password": "wrong"})
    response = client.post("/login/", {"username": "chair-a", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_district_admin_needs_second_factor_when_required(cast, settings):
    settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS = True
    client = Client()
    client.post("/login/", {"username": "district", "password": PASSWORD})
    assert client.get("/orgs/")["Location"] == "/two-factor/"
    assert "扫描二维码" in client.get("/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=cast.district_admin)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    assert client.post("/two-factor/", {"code": code}).status_code == 302
    assert client.get("/orgs/").status_code == 200


def test_chair_needs_the_second_factor_unless_the_district_turns_it_off(cast, settings):
    # A chair can reveal and export members' personal data (issue 12, finding 8).
    from gonghui.core import config

    settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS = True
    client = Client()
    client.post("/login/", {"username": "chair-a", "password": PASSWORD})
    assert client.get("/orgs/")["Location"] == "/two-factor/"
    config.set_value(actor=cast.district_admin, key="core.require_2fa_personal_data", value=False)
    assert client.get("/orgs/").status_code == 200


def test_role_switch(cast, login):
    from gonghui.core.models import RoleAssignment

    RoleAssignment.objects.create(user=cast.chair_a, org=cast.union_b, role="reviewer")
    client = login(cast.chair_a)
    assert client.get("/orgs/B/").status_code == 404
    other = RoleAssignment.objects.get(user=cast.chair_a, org=cast.union_b)
    client.post("/role/", {"assignment": other.id})
    assert client.get("/orgs/A/").status_code == 404
    assert client.get("/orgs/B/").status_code == 200


def test_tokens_are_hashed_expire_and_revoke(cast, client):
    token, raw = tokens.create_token(
        actor=cast.chair_a, assignment=cast.chair_a_assignment, name="脚本"
    )
    assert raw not in PersonalAccessToken.objects.get(pk=token.pk).token_hash
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/orgs/A", **headers).status_code == 200
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get("/api/v1/orgs/A", **headers).status_code == 401
    token2, raw2 = tokens.create_token(
        actor=cast.chair_a, assignment=cast.chair_a_assignment, name="脚本2"
    )
    tokens.revoke_token(actor=cast.chair_a, token=token2)
    assert client.get("/api/v1/orgs/A", HTTP_AUTHORIZATION=f"Bearer {raw2}").status_code == 401


def test_error_pages_are_chinese(cast, login):
    response = login(cast.chair_b).get("/orgs/A/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    response = login(cast.member_user).get("/orgs/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_api_errors_are_json_in_chinese(cast, login):
    response = login(cast.chair_b).get("/api/v1/orgs/A")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该对象"}
    assert Client().get("/api/v1/orgs/").json()["detail"] == "未登录或令牌无效"


def test_openapi_document_is_valid(cast, client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json())


def test_a_member_is_given_no_api_tokens(cast, login):
    """API tokens are staff's: a member's menu offers none, the page is refused, the service
    refuses one, and a token made for the member role before is not accepted."""
    from gonghui.core.models import RoleAssignment

    member = cast.member_user
    assignment = RoleAssignment.objects.get(user=member, role="member")
    client = login(member)
    page = client.get("/rights/mine/")
    assert page.status_code == 200
    shell = page.content.decode()
    assert "/password/" in shell and "/tokens/" not in shell and "/two-factor/" not in shell
    assert client.get("/tokens/").status_code == 403
    with pytest.raises(PermissionError):
        tokens.create_token(actor=member, assignment=assignment, name="手机")
    raw = tokens.PREFIX + "made-before-the-rule"
    PersonalAccessToken.objects.create(
        user=member,
        assignment=assignment,
        name="旧令牌",
        prefix=raw[:10],
        token_hash=tokens.hash_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    assert Client().get("/api/v1/portal/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # staff keep theirs
    staff_page = login(cast.chair_a).get("/tokens/")
    assert staff_page.status_code == 200 and "/tokens/" in staff_page.content.decode()
