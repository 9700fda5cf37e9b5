"""Browser tests of honours on a 390 px phone viewport: a union nominates with the live quota
panel (htmx), and a member of the public objects on the public notice page."""

import datetime
import os

import pytest

from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import shot
from tests.honours.conftest import (
    approve_and_publish,
    begin_review,
    make_member,
    make_round,
    nominate,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_union_nominates_with_live_quota_panel(cast, live_server, phone):
    from playwright.sync_api import expect

    round_ = make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")
    member = make_member(cast.union_a, "陈明", cast.employer_a)
    phone.goto(f"{live_server.url}/login/?next=/honours/rounds/{round_.pk}/nominate/")
    phone.fill("input[name=username]", "chair-a")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("form button[type=submit], form button").last.click()
    phone.wait_for_url(f"**/honours/rounds/{round_.pk}/nominate/")
    assert "推荐 0 个" in phone.inner_text("#quota-panel")  # no nominees yet
    phone.check("#id_is_frontline")
    expect(phone.locator("#quota-panel")).to_contain_text("一线职工 100%")
    phone.fill("#id_member_name", "陈明")
    phone.fill("#id_member_key", member.id_number[-6:])
    phone.fill("#id_deeds", "带领班组完成技术改造，年节约成本 20 万元。")
    assert _no_horizontal_scroll(phone)
    phone.click("button:has-text('提交')")
    phone.wait_for_selector("text=已提交推荐")
    assert "陈明" in phone.inner_text("h1")
    shot(phone, "journey9-nominated-390")


def test_public_notice_and_objection_on_phone(cast, live_server, phone):
    round_ = make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")
    nomination = nominate(
        cast.chair_a,
        round_,
        cast.union_a,
        make_member(cast.union_a, "周红", cast.employer_a),
        frontline=True,
        deeds="坚守岗位二十年，带徒十余人。",
    )
    with acting(cast.district_admin):
        begin_review(cast, round_)
        approve_and_publish(
            actor=cast.district_admin,
            nomination=nomination,
            start=datetime.date.today() - datetime.timedelta(days=1),
        )
    phone.goto(f"{live_server.url}/honours/notice/{round_.public_key}/")
    assert "周红" in phone.inner_text("main")
    assert "坚守岗位二十年" in phone.inner_text("main")
    assert nomination.member.phone not in phone.content()
    assert _no_horizontal_scroll(phone)
    phone.select_option("#id_nomination", str(nomination.pk))
    phone.fill("#id_text", "据了解，其带徒人数与实际不符，请核实。")
    phone.click("button:has-text('提交异议')")
    phone.wait_for_selector("text=异议已提交")
    assert nomination.objections.count() == 1
    shot(phone, "journey9-objection-390")
