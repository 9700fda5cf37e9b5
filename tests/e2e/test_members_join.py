"""Journey 2: a rider scans the union's QR code, applies on a 390 px phone, is approved, and
opens the electronic member card."""

import datetime
import os

import pytest
from django.core.cache import cache
from django.urls import get_resolver

from gonghui.core.text.idnumbers import make_id_number
from gonghui.members import services
from gonghui.members.models import JoinApplication, Member
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_rider_joins_on_phone_and_sees_card(cast, live_server, phone, page):
    get_resolver().url_patterns  # noqa: B018
    cache.clear()
    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/members/join/A/link/")
    join_url = page.inner_text("#join-url")
    assert page.locator("#join-qr svg").count() == 1

    phone.goto(join_url)
    assert _fits(phone)
    phone.fill("input[name=name]", "甲工会骑手小李")
    phone.fill(
        "input[name=id_number]",
        make_id_number("320102", datetime.date(1998, 2, 3), 21, "M").lower(),
    )
    phone.fill("input[name=phone]", "139 0000 7777")
    phone.fill("input[name=employer_name]", "闪送达同城配送")
    phone.select_option("select[name=employment_form]", "new_form")
    phone.click("button.btn-primary")
    assert "请阅读并同意" in phone.inner_text("main")
    phone.check("input[name=consent]")
    shot(phone, "members-join-phone")
    phone.click("button.btn-primary")
    phone.wait_for_selector("#done")
    assert "申请已提交" in phone.inner_text("#done") and _fits(phone)

    application = JoinApplication.unscoped.get()
    assert application.consent_version == services.CONSENT_VERSION
    page.goto(f"{live_server.url}/members/applications/{application.pk}/")
    page.click("#approve")
    page.wait_for_selector("text=已批准入会")
    member = Member.unscoped.get(name="甲工会骑手小李")
    assert member.employment_form == "new_form" and member.phone == "13900007777"

    with acting(cast.chair_a):
        services.link_user(actor=cast.chair_a, member=member, user=cast.member_user)
    log_in(phone, live_server, "member-a", PASSWORD)
    phone.goto(f"{live_server.url}/members/me/")
    phone.wait_for_selector("#member-card svg")
    assert member.card_number in phone.inner_text("#member-card") and _fits(phone)
    shot(phone, "members-card-phone")
