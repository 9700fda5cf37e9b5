"""A worker files a request on a phone, the union answers, the worker rates the answer."""

import os

import pytest
from django.urls import get_resolver

from gonghui.rights import services
from gonghui.rights.models import WorkerRequest
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_worker_files_request_and_rates_answer_on_phone(cast, live_server, phone):
    # Import every URLconf here (scopes are off in test bodies) rather than in the server thread,
    # so that an app building querysets at import time cannot break this journey.
    get_resolver().url_patterns  # noqa: B018
    log_in(phone, live_server, "member-a", PASSWORD)
    phone.goto(f"{live_server.url}/rights/mine/")
    phone.click("#new-request")
    phone.wait_for_url(f"{live_server.url}/rights/mine/new/")
    assert _fits(phone)
    phone.select_option("select[name=category]", "wages")
    phone.fill("input[name=title]", "甲工会车间拖欠两个月工资")
    phone.fill("textarea[name=description]", "9 月和 10 月工资至今未发，车间 12 人。")
    phone.fill("input[name=affected_workers]", "12")
    phone.fill("input[name=contact_phone]", "13800001234")
    shot(phone, "rights-phone-new-request")
    phone.click("#submit-form")
    phone.wait_for_selector("#tracking-code")
    assert "诉求已提交" in phone.inner_text("main")
    req = WorkerRequest.unscoped.get(title="甲工会车间拖欠两个月工资")
    assert req.submitter == cast.member_user and req.org == cast.union_a

    # The union takes it and answers in writing.
    with acting(cast.chair_a):
        services.assign_request(actor=cast.chair_a, request=req, handler=cast.staff_a)
        services.answer_request(
            actor=cast.chair_a, request=req, text="经协调，公司承诺本月 25 日前补发全部工资。"
        )

    phone.click("#to-mine")
    phone.click(f"a[href='/rights/mine/{req.pk}/']")
    phone.wait_for_selector("#request-answer")
    assert "25 日前补发" in phone.inner_text("#request-answer")
    assert _fits(phone)
    phone.select_option("select[name=score]", "5")
    phone.fill("input[name=comment]", "处理及时")
    shot(phone, "rights-phone-rate")
    phone.click("#rate-submit")
    phone.wait_for_selector("#request-rating")
    assert "5 / 5" in phone.inner_text("#request-rating")
    assert phone.inner_text("#request-status") == "已办结"
    req.refresh_from_db()
    assert (req.rating, req.status) == (5, "closed")
    shot(phone, "rights-phone-rated")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_handler_takes_logs_and_answers_in_the_queue(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018
    import datetime

    from django.utils import timezone

    with acting(cast.member_user):
        late, _ = services.submit_request(
            actor=cast.member_user,
            category="contract",
            title="甲工会未签劳动合同",
            description="入职半年未签合同",
            employer=cast.employer_a,
            now=timezone.now() - datetime.timedelta(days=40),
        )
        fresh, _ = services.submit_request(
            actor=cast.member_user,
            category="wages",
            title="甲工会加班费未发",
            description="10 月加班费未发",
            employer=cast.employer_a,
        )
    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/rights/")
    overdue_row = page.locator(f"tr[data-request='{late.pk}']")
    assert "table-danger" in overdue_row.get_attribute("class")
    page.click(f"a[href='/rights/{fresh.pk}/']")
    page.click("#take-request")
    page.fill("textarea[name=text]", "已电话联系人力资源部")
    page.click("text=添加办理记录")
    page.wait_for_selector("#timeline [data-kind=note]")
    page.click("#answer-request")
    page.fill("textarea[name=text]", "公司同意 11 月随工资补发加班费。")
    page.click("#submit-form")
    page.wait_for_selector("text=公司同意 11 月随工资补发加班费")
    shot(page, "rights-handler-answered")
    fresh.refresh_from_db()
    assert fresh.status == "answered" and fresh.handler == cast.chair_a

    # The overdue one escalates by itself to the street union.
    assert services.escalate_overdue() == 1
    page.goto(f"{live_server.url}/rights/")
    assert page.locator(f"tr[data-request='{late.pk}']").count() == 0
    shot(page, "journey10-handler-queue")
