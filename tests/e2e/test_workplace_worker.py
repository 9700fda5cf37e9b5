"""A worker reads a disclosure of their employer on a phone (390 px) and asks a question;
a worker of another employer gets 404 for the same item."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.workplace import services
from gonghui.workplace.models import DisclosureCategory, DisclosureQuestion
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot
from tests.workplace.conftest import make_member

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_worker_reads_disclosure_and_asks_on_phone(cast, live_server, phone):
    make_member(cast.member_user, cast.union_a, cast.employer_a, 1)
    today = timezone.localdate()
    with acting(cast.chair_a):
        d = services.create_disclosure(
            actor=cast.chair_a,
            employer=cast.employer_a,
            # get_or_create: an earlier browser test's flush removes migration-seeded rows
            category=DisclosureCategory.objects.get_or_create(
                code="wages", defaults={"name": "工资、奖金分配", "required": True, "order": 30}
            )[0],
            title="甲工会年度绩效奖金分配方案",
            body="一线生产岗位系数 1.2，技术岗位 1.1。",
            decision_date=today - datetime.timedelta(days=2),
        )
        services.post_disclosure(
            actor=cast.chair_a,
            disclosure=d,
            posted_on=today,
            display_until=today + datetime.timedelta(days=20),
            channels=["notice_board", "online"],
        )

    home = reverse("workplace:my_home")  # loads the URL conf here, inside the test's set-up
    log_in(phone, live_server, "member-a", PASSWORD)
    phone.goto(f"{live_server.url}{home}")
    assert _fits(phone)
    phone.click(f"#my-disclosures a[href='/workplace/my/disclosures/{d.pk}/']")
    phone.wait_for_selector("#disclosure-body")
    assert "系数 1.2" in phone.inner_text("#disclosure-body")
    assert _fits(phone)
    shot(phone, "workplace-phone-disclosure")
    phone.select_option("select[name=kind]", "objection")
    phone.fill("textarea[name=text]", "质检岗位系数应与一线生产岗位相同。")
    phone.click("#question-form button")
    phone.wait_for_selector(".question-item")
    assert "质检岗位系数" in phone.inner_text(".question-item")
    assert _fits(phone)
    shot(phone, "workplace-phone-question")
    q = DisclosureQuestion.unscoped.get()
    assert (q.kind, q.disclosure_id, q.asked_by_id) == ("objection", d.pk, cast.member_user.pk)
    assert q.due_on >= today + datetime.timedelta(days=30)
    shot(phone, "journey11-disclosure-question-390")
