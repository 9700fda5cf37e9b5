"""The member's front door on a 390 px phone: a rider joins online, is approved, activates from
the text message and opens the card; a delegate logs in with their own phone, checks in by the
session QR, votes and finds the result from home; a member downloads their data."""

import datetime
import json
import os

import pytest

from gonghui.core import notify
from gonghui.core.models import User
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members import services as member_services
from gonghui.members.models import JoinApplication, Member
from gonghui.portal.services import sync_member_role
from tests.conftest import acting
from tests.e2e.conftest import shot

pytestmark = pytest.mark.usefixtures("sms_outbox")

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
NEW_PASSWORD = "Qishou-2026!ok"


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def _last(template_key):
    return [m for m in notify.outbox if m.template_key == template_key][-1]


def _phone_login(phone, live_server, number, password):
    phone.goto(f"{live_server.url}/m/login/")
    phone.fill("input[name=phone]", number)
    phone.fill("input[name=password]", password)
    phone.click("#login-submit")
    phone.wait_for_url(f"{live_server.url}/m/")


@pytest.mark.django_db(transaction=True)
def test_rider_joins_is_approved_activates_from_the_text_and_sees_the_card(
    cast, live_server, phone, settings
):
    settings.GONGHUI_SITE_URL = live_server.url
    id_number = make_id_number("320102", datetime.date(1998, 2, 3), 31, "M")
    phone.goto(f"{live_server.url}/members/join/{cast.union_a.code}/")
    phone.fill("input[name=name]", "甲工会骑手小赵")
    phone.fill("input[name=id_number]", id_number)
    phone.fill("input[name=phone]", "13900008888")
    phone.fill("input[name=employer_name]", "闪送达同城配送")
    phone.select_option("select[name=employment_form]", "new_form")
    phone.check("input[name=consent]")
    phone.click("button.btn-primary")
    phone.wait_for_selector("#done")

    application = JoinApplication.unscoped.get()
    with acting(cast.chair_a):
        member_services.approve_application(actor=cast.chair_a, application=application)
    approval = _last("members.application_approved")
    assert approval.phone == "13900008888"
    link = approval.params["url"]
    assert link == f"{live_server.url}/m/activate/"

    phone.goto(link)
    assert _fits(phone)
    phone.fill("input[name=name]", "甲工会骑手小赵")
    phone.fill("input[name=id_number]", id_number)
    phone.fill("input[name=phone]", "13900008888")
    shot(phone, "portal-activate-390")
    phone.click("#activate-submit")
    phone.wait_for_selector("#activation-sent")
    code = _last("portal.activation_code").params["code"]
    phone.fill("input[name=code]", code)
    phone.fill("input[name=password]", NEW_PASSWORD)
    phone.fill("input[name=password2]", NEW_PASSWORD)
    shot(phone, "portal-activate-code-390")
    phone.click("#activate-finish")
    phone.wait_for_url(f"{live_server.url}/m/")
    assert "甲工会骑手小赵，您好" in phone.inner_text("main") and _fits(phone)
    shot(phone, "portal-home-390")
    phone.click("#card-link")
    phone.wait_for_selector("#member-card svg")
    member = Member.unscoped.get(name="甲工会骑手小赵")
    assert member.card_number in phone.inner_text("#member-card")
    assert id_number not in phone.content() and _fits(phone)
    shot(phone, "portal-card-390")

    # Staff scan the QR: the check page says the card is valid, with the name masked.
    verify = phone.locator("#verify-url").get_attribute("href")
    phone.goto(verify)
    assert "有效会员" in phone.inner_text("#card-check")
    assert "甲工会骑手小赵" not in phone.inner_text("#card-check")
    shot(phone, "portal-card-check-390")


@pytest.mark.django_db(transaction=True)
def test_delegate_checks_in_by_qr_and_votes_from_their_own_account(cast, live_server, phone):
    from gonghui.assemblies import services
    from gonghui.assemblies.models import Participation
    from tests.assemblies.helpers import (
        SCRUTINEERS,
        UNLOCK,
        check_in_all,
        make_congress,
        make_session,
    )

    congress, people = make_congress(cast, seats=7, delegates=6)
    delegate_member = people[1].member
    user = User.objects.create(username=delegate_member.card_number, full_name=delegate_member.name)
    user.set_password(NEW_PASSWORD)
    user.save()
    delegate_member.user, delegate_member.phone = user, "13900006666"
    delegate_member.save()  # save, not update: the phone's blind index is filled on save
    sync_member_role(delegate_member)
    session = make_session(cast, congress)
    check_in_all(cast, session, [p for p in people if p.pk != people[1].pk])
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="甲工会集体合同草案"
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)

    phone.on("dialog", lambda dialog: dialog.accept())
    _phone_login(phone, live_server, "13900006666", NEW_PASSWORD)
    assert "甲工会集体合同草案" in phone.inner_text("#my-tasks")
    shot(phone, "portal-delegate-home-390")
    # The phone camera opens the link in the session's QR code (its current, rotating code).
    phone.goto(f"{live_server.url}/assemblies/checkin/{services.checkin_code(session)}/")
    phone.click("#checkin-button")
    phone.wait_for_selector("#checked-in")
    phone.goto(f"{live_server.url}/m/")
    phone.click(".ballot-link")
    phone.click("label[for=vote-for]")
    phone.click("#cast-vote")
    receipt = phone.locator("#receipt-code").inner_text().strip()
    assert len(receipt) == 14
    shot(phone, "portal-delegate-receipt-390")
    assert Participation.objects.filter(poll=poll, delegate=people[1]).count() == 1
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    phone.goto(f"{live_server.url}/m/")
    phone.click(".result-link")
    phone.fill("input[name=code]", receipt)
    phone.click("form.input-group button")
    assert "已计入结果" in phone.locator("#receipt-result").inner_text()
    assert _fits(phone)
    shot(phone, "portal-delegate-result-390")


@pytest.mark.django_db(transaction=True)
def test_member_downloads_their_data(cast, live_server, phone):
    from tests.portal.helpers import linked_member

    user = User.objects.create(username="portal-e2e-data", full_name="甲工会会员小钱")
    user.set_password(NEW_PASSWORD)
    user.save()
    member = linked_member(cast.union_a, user, name="甲工会会员小钱", phone="13900005555")
    _phone_login(phone, live_server, "13900005555", NEW_PASSWORD)
    phone.click("#my-data-link")
    phone.wait_for_selector("#data-profile")
    assert member.id_number not in phone.content()
    assert member.id_number_masked in phone.inner_text("#data-profile") and _fits(phone)
    shot(phone, "portal-data-390")
    with phone.expect_download() as download_info:
        phone.click("#download-json")
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["会员信息"]["身份证号"] == member.id_number
    assert data["会员信息"]["姓名"] == "甲工会会员小钱"
    with phone.expect_download() as pdf_info:
        phone.click("#download-pdf")
    assert open(pdf_info.value.path(), "rb").read(5) == b"%PDF-"
    shot(phone, "portal-data-downloaded-390")
