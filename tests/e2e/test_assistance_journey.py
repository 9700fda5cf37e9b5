"""Journey 4: a household in trouble, from the member to a filed, paid 送温暖 household."""

import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.urls import get_resolver

from gonghui.assistance import programmes
from gonghui.assistance.models import Budget, HardshipFile, Payment
from gonghui.core.text.idnumbers import make_id_number
from tests.assistance.helpers import TODAY, make_member, set_dibao
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _save(page):
    page.click("main form button.btn-primary")
    try:
        page.wait_for_selector("#category", timeout=10000)
    except Exception:
        raise AssertionError(page.inner_text("main")) from None


def _act(page, action):
    page.click(f"button[data-action={action}]")
    page.wait_for_selector("#file-status")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_household_from_application_to_payment(cast, live_server, browser, tmp_path):
    get_resolver().url_patterns  # noqa: B018  (import every URLconf with scopes off)
    set_dibao(cast, "1000")
    member = make_member(cast.union_a, "甲工会职工吴芳")
    signed = tmp_path / "申请书.pdf"
    signed.write_bytes(b"%PDF-1.4 signed")

    def login_as(username, width=1280):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        page = context.new_page()
        log_in(page, live_server, username, PASSWORD)
        return page

    chair = login_as("chair-a")
    chair.goto(f"{live_server.url}/assistance/files/new/")
    chair.fill("input[name=query]", member.card_number)
    chair.click("main form button.btn-primary")
    chair.click("button[name=confirm]")
    chair.wait_for_selector("#category")
    file = HardshipFile.objects.get(applicant=member)
    base = f"{live_server.url}/assistance/files/{file.pk}"

    chair.goto(f"{base}/edit/")
    chair.select_option("select[name=causes]", ["illness"])
    chair.fill("input[name=bank_name]", "工商银行")
    chair.fill("input[name=bank_account]", "6222 0202 0000 7777 888")
    _save(chair)
    for name, rel, id_number, income in [
        ("吴芳", None, None, None),
        ("丈夫李强", "spouse", "110101198001010053", "0"),
        ("女儿李雪", "child", make_id_number("110101", datetime.date(2010, 1, 1), 22), "0"),
    ]:
        if rel is None:
            continue
        chair.goto(f"{base}/household/add/")
        chair.fill("input[name=name]", name)
        chair.select_option("select[name=relationship]", rel)
        chair.fill("input[name=id_number]", id_number)
        chair.fill("input[name=monthly_income]", income)
        _save(chair)
    person = file.household.get(relationship="self")
    chair.goto(f"{base}/household/{person.pk}/edit/")  # the applicant's own wage (#15.9)
    chair.fill("input[name=monthly_income]", "2700")
    _save(chair)
    assert "甲工会职工吴芳（本人） ¥2,700.00" in chair.inner_text("#arithmetic")
    chair.goto(f"{base}/rows/cost/add/")
    chair.select_option("select[name=kind]", "medical")
    chair.fill("input[name=monthly_amount]", "300")
    _save(chair)
    for kind in ("application", "consent"):
        chair.goto(f"{base}/attachments/add/")
        chair.select_option("select[name=kind]", kind)
        chair.set_input_files("input[name=upload]", str(signed))
        _save(chair)
    assert "深度困难" in chair.inner_text("#category")  # (2700 − 300) ÷ 3 = 800 < 1000
    assert "÷ 3" in chair.inner_text("#arithmetic")
    shot(chair, "assistance-file-draft")
    # The chair records the home visit before submitting (issue 22): the form says it counts,
    # and on submission the file goes straight on to "visited".
    chair.goto(f"{base}/visit/")
    assert "提交后档案直接进入" in chair.inner_text("main")
    chair.fill("input[name=visitors]", "陈静、孙磊")
    chair.fill("textarea[name=findings]", "入户核实，情况属实")
    _save(chair)
    _act(chair, "submit")
    assert "已入户核查" in chair.inner_text("#file-status")

    reviewer = login_as("reviewer")
    reviewer.goto(f"{live_server.url}/assistance/caseload/")
    reviewer.click(f"text={file.number}")
    _act(reviewer, "review")
    _act(reviewer, "publish")
    assert "公示中" in reviewer.inner_text("#file-status")

    # Five working days later, with no objection (no shell step: the clock moves on to the day
    # after the notice the page announced, as the days would).
    file.refresh_from_db()
    after_notice = datetime.datetime.combine(
        file.notice_end + datetime.timedelta(days=1), datetime.time(9), tzinfo=SHANGHAI
    )
    with time_machine.travel(after_notice):
        admin = login_as("district")
        admin.goto(base + "/")
        _act(admin, "approve")
        assert "已建档" in admin.inner_text("#file-status")
        shot(admin, "assistance-file-filed")

    with acting(cast.district_admin):
        programme = programmes.create_programme(
            actor=cast.district_admin, org=cast.district, kind="warmth", name="春节送温暖"
        )
        cycle = programmes.open_cycle(
            actor=cast.district_admin,
            programme=programme,
            name="春节送温暖",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY,
        )
        programmes.set_budget(
            actor=cast.district_admin,
            cycle=cycle,
            org=cast.district,
            fund_source="union",
            amount="10000",
        )
    chair.goto(f"{live_server.url}/assistance/cycles/{cycle.pk}/nominate/")
    chair.fill("input[name=file_number]", file.number)
    chair.click("main form button.btn-primary")
    chair.wait_for_selector("#budget-used")
    reviewer.goto(f"{live_server.url}/assistance/cycles/{cycle.pk}/")
    reviewer.check("input[name=ids]")
    reviewer.click("button[data-action=approve-selected]")
    reviewer.wait_for_selector("#budget-used")
    assert "¥3,000.00" in reviewer.inner_text("#budget-used")  # cash 2,500 + goods 500
    chair.goto(f"{live_server.url}/assistance/cycles/{cycle.pk}/")
    chair.click("text=登记发放")
    chair.select_option("select[name=method]", "bank")
    chair.click("main form button.btn-primary")
    chair.wait_for_selector("#budget-used")
    assert Payment.objects.filter(entitlement__file=file).count() == 1
    assert Budget.objects.get(cycle=cycle).used == 3000
    shot(chair, "assistance-cycle")

    phone = login_as("chair-a", width=390)
    phone.goto(base + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "assistance-file-phone")
