"""Browser test of the honours review chain on a 390 px phone viewport: the street union's
officer finds the nomination in the review queue and recommends it; the nomination page then
shows the chain and the step in its timeline."""

import os

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import shot
from tests.honours.conftest import make_member, make_round, nominate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_street_recommends_from_review_queue_on_phone(cast, live_server, phone):
    round_ = make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")
    nomination = nominate(
        cast.chair_a,
        round_,
        cast.union_a,
        make_member(cast.union_a, "吴刚", cast.employer_a),
        frontline=True,
    )
    phone.goto(f"{live_server.url}/login/?next=/honours/review/")
    phone.fill("input[name=username]", "street")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("form button[type=submit], form button").last.click()
    phone.wait_for_url("**/honours/review/")
    assert "吴刚" in phone.inner_text("main")
    phone.click("main a.btn:has-text('审核')")
    phone.wait_for_url(f"**/honours/nominations/{nomination.pk}/review/")
    assert "街道推荐（含本推荐）1 / 3 名" in phone.inner_text("main")
    phone.select_option("#id_decision", "street_approve")
    phone.fill("#id_reason", "同意推荐")
    phone.click("button:has-text('确定')")
    phone.wait_for_selector("text=已记录审核意见")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    timeline = phone.inner_text("#timeline")
    assert "街道审核（测试街道工会）" in timeline and "同意推荐" in timeline
    nomination.refresh_from_db()
    assert nomination.status == "recommended"
    shot(phone, "journey9-street-recommended-390")
