"""Journey 11 (its start): the chair's home reminds her that the wage contract expires within 90
days; the to-do opens the list with exactly that contract, and the contract page from there."""

import datetime
import os

import pytest
from django.urls import get_resolver
from django.utils import timezone

from gonghui.workplace.models import Contract
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_chair_is_reminded_of_the_expiring_wage_contract(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018  (import every URLconf with scopes off)
    today = timezone.localdate()
    contract = Contract.unscoped.create(
        org=cast.union_a, kind="wage", employer=cast.employer_a, employer_party="甲公司",
        title="甲工会工资专项集体合同", body="工资增长 5%", status="in_force", workers_covered=300,
        start_date=today - datetime.timedelta(days=285),
        end_date=today + datetime.timedelta(days=80),
    )  # fmt: skip
    contract.covered_employers.set([cast.employer_a])

    log_in(page, live_server, "chair-a", PASSWORD)
    task = page.locator("#home-tasks a", has_text="90 天内到期的集体合同")
    assert task.get_attribute("data-count") == "1"
    shot(page, "journey11-chair-home")
    task.click()
    page.wait_for_selector("text=甲工会工资专项集体合同")
    assert page.locator(".pager").get_attribute("data-total") == "1"
    page.click("text=甲工会工资专项集体合同")
    page.wait_for_url(f"**/workplace/contracts/{contract.pk}/")
    assert page.inner_text("h1") == "甲工会工资专项集体合同"
    assert "距合同到期还有 80 天" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "journey11-contract-reminder")
