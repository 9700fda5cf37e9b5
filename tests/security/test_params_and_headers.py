"""Finding 8: hostile query parameters answer 4xx (never 500) on every page; pages and downloads
with personal data are not stored by browsers or proxies; roles handling personal data need the
second factor (a district setting, on by default)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core import config
from tests.test_url_scoping import ROUTES

pytestmark = pytest.mark.django_db

HOSTILE = [
    {"page": "9" * 30, "year": "9" * 12},
    {"page": "-1", "year": "abc"},
    {"page": "1e9", "year": "0", "month": "13", "within": "9" * 20, "id": "x"},
]
PAGES = [name for name, pattern in ROUTES if not pattern.pattern.regex.groupindex]


@pytest.mark.parametrize("name", PAGES)
def test_hostile_params_never_give_a_server_error(name, cast, login):
    client = login(cast.district_admin)
    url = reverse(name)
    for params in HOSTILE:
        response = client.get(url, params)
        assert response.status_code < 500, f"{url}?{params}: {response.status_code}"


def test_personal_pages_and_downloads_are_no_store(cast, login):
    client = login(cast.chair_a)
    for url in ("/members/", "/members/export.xlsx", "/accounts/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"] or url == "/members/export.xlsx", url


def test_roles_with_reveal_or_export_need_the_second_factor(cast, login, settings):
    settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS = True
    for user in (cast.street_admin, cast.chair_a, cast.staff_a, cast.reviewer):
        response = login(user).get("/members/")
        assert response.status_code == 302 and response["Location"] == "/two-factor/", user
    # A plain member handles nobody's personal data.
    assert login(cast.member_user).get("/").status_code == 200
    # The district can turn the rule off for everyone but district admins.
    config.set_value(actor=cast.district_admin, key="core.require_2fa_personal_data", value=False)
    assert login(cast.staff_a).get("/members/").status_code == 200
    assert login(cast.district_admin).get("/").status_code == 302


def test_a_verified_street_admin_gets_in(cast, settings):
    from django.test import Client
    from django_otp.oath import totp

    settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS = True
    device = TOTPDevice.objects.create(user=cast.street_admin, name="default", confirmed=True)
    client = Client()
    client.force_login(cast.street_admin)
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/two-factor/", {"code": code}).status_code == 302
    assert client.get("/members/").status_code == 200
