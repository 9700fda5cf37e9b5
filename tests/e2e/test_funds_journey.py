"""Issue 18, done when: a tax-office statement is imported, one unknown payer is matched, the
shares post to union A, its street and the district, balances roll up; the district sees the
employers in arrears and sends reminders; a chair records an expense with a receipt, a second
person approves, the audit committee reviews the year and the report prints."""

import io
import os
from decimal import Decimal

import pytest
from django.urls import get_resolver
from django.utils import timezone
from pypdf import PdfReader

from gonghui.core.models import RoleAssignment, SmsMessage, User
from gonghui.funds.enums import Account
from gonghui.funds.models import Balance, Expense
from tests.conftest import PASSWORD
from tests.e2e.conftest import CHROMIUM, log_in, shot  # noqa: F401
from tests.funds import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _user(username, name, org, role):
    user = User.objects.create(username=username, full_name=name)
    user.set_password(PASSWORD)
    user.save()
    RoleAssignment.objects.create(user=user, org=org, role=role)
    return user


def _as(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, username, PASSWORD)
    return page


def _statement(tmp_path, cast, today):
    """A tax office's export: its own headers, a title row, GB18030, amounts with commas."""
    text = (
        "工会经费代收明细（税务局导出）\n"
        "电子税票号码,纳税人识别号,纳税人名称,税款所属期,入库日期,实缴金额\n"
        f'332{today:%Y%m}00001,{cast.employer_a.credit_code},{cast.employer_a.name},{today:%Y-%m},{today:%Y.%m.%d},"1,000.00"\n'
        f"332{today:%Y%m}00002,,甲工会机械（代缴户）,{today:%Y年%m月},{today:%Y-%m-%d},500.00\n"
    )
    path = tmp_path / "税务代收明细.csv"
    path.write_bytes(text.encode("gb18030"))
    return path


def _bank(org):
    return Balance.unscoped.get(org=org, account=Account.BANK).amount


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_statement_to_annual_report(cast, live_server, browser, tmp_path):
    get_resolver().url_patterns  # noqa: B018  (import URLconfs outside the server thread)
    today = timezone.localdate()
    f.rules(cast, on=today.replace(month=1, day=1))
    f.payroll(cast, cast.employer_a, "100000", phone="13900000001")
    f.payroll(cast, cast.employer_b, "50000", phone="13900000002")
    _user("vice-a", "甲副主席", cast.union_a, "union_admin")
    _user("audit-a", "甲经审主任", cast.union_a, "reviewer")

    # The district imports the tax office's statement.
    page = _as(browser, live_server, "district")
    page.goto(f"{live_server.url}/funds/statements/")
    page.click("text=导入税务/银行明细")
    page.set_input_files("input[name=file]", str(_statement(tmp_path, cast, today)))
    page.click("button[type=submit]")
    page.wait_for_url("**/map/")
    page.click("button[type=submit]")
    page.wait_for_selector("#import-summary")
    assert page.inner_text("#valid-count") == "2" and page.inner_text("#error-count") == "0"
    page.click("text=全部导入")
    page.wait_for_selector("#import-done")
    done = page.inner_text("#import-done")
    assert "已入账：1" in done and "待匹配：1" in done
    shot(page, "funds-import-done")

    # One unknown payer: matched to employer A once.
    page.goto(f"{live_server.url}/funds/statements/unmatched/")
    assert page.locator("#unmatched tr.payer").count() == 1
    page.fill("#unmatched input[name=credit_code]", cast.employer_a.credit_code)
    page.click("#unmatched button")
    page.wait_for_selector("text=已入账 1 笔")
    assert "没有待匹配的到账" in page.inner_text("#unmatched")

    # Shares: 60% union A, 10% street, 25% + 5% (payable upward) district; rolled up.
    assert (_bank(cast.union_a), _bank(cast.street), _bank(cast.district)) == (
        Decimal("900.00"),
        Decimal("150.00"),
        Decimal("450.00"),
    )
    page.goto(f"{live_server.url}/funds/")
    assert page.inner_text("tr[data-org=D] .rolled") == "1,500.00"
    assert page.inner_text("tr[data-org=S1] .rolled") == "1,050.00"
    assert page.inner_text("tr[data-org=S1] .own") == "150.00"
    shot(page, "funds-overview-balances")

    # Arrears by street, reminders to the outbox.
    page.goto(f"{live_server.url}/funds/arrears/")
    assert page.locator("h2.street").first.inner_text().startswith("测试街道工会")
    assert "乙物流有限公司" in page.content()
    page.click("#send-reminders")
    page.wait_for_selector("text=已发送提醒短信 2 条")
    assert set(SmsMessage.unscoped.values_list("phone", flat=True)) == {
        "13900000001",
        "13900000002",
    }
    shot(page, "funds-arrears-reminded")
    page.context.close()

    # The chair drafts the budget; the vice-chair approves it with the committee.
    f.budget(cast, "20000", approve=True, year=today.year, title="职工文体活动")
    chair = _as(browser, live_server, "chair-a")
    chair.goto(f"{live_server.url}/funds/books/")
    chair.click("#add-expense")
    chair.select_option("select[name=budget_line]", label=f"{today.year} 职工文体活动")
    chair.fill("input[name=payee]", "某体育用品商店")
    chair.fill("input[name=purpose]", "甲工会篮球赛用品")
    chair.fill("input[name=amount]", "1,200.50")
    receipt = tmp_path / "发票.pdf"
    receipt.write_bytes(f.PDF)
    chair.set_input_files("input[name=receipt]", str(receipt))
    chair.click("#save")
    chair.wait_for_selector("#expense-status")
    assert chair.inner_text("#expense-status") == "待审批"
    assert "经办人不能审批自己记录的支出" in chair.content()
    shot(chair, "funds-expense-recorded")
    expense = Expense.unscoped.get()

    vice = _as(browser, live_server, "vice-a")
    vice.goto(f"{live_server.url}/funds/expenses/{expense.pk}/")
    vice.click("#approve-expense")
    vice.wait_for_selector("text=操作成功")
    assert vice.inner_text("#expense-status") == "已审批"
    assert _bank(cast.union_a) == Decimal("-300.50")  # 900.00 in, 1,200.50 out
    vice.context.close()

    # The audit committee reviews the year; the chair answers; the report prints.
    audit = _as(browser, live_server, "audit-a")
    audit.goto(f"{live_server.url}/funds/books/")
    audit.click("#open-review")
    audit.click("#review-status a")
    audit.fill("textarea[name=text]", "篮球赛用品未附验收单")
    audit.click("#add-finding")
    audit.wait_for_selector("#findings li")
    chair.reload()
    chair.goto(audit.url)
    chair.fill("textarea[name=answer]", "已补附验收单")
    chair.click("#findings button")
    chair.wait_for_selector("text=整改说明")
    audit.reload()
    audit.fill("textarea[name=opinion]", "经审查，本年度经费收支基本合规。")
    audit.click("#conclude-review")
    audit.wait_for_selector("text=已完成")
    shot(audit, "funds-review-concluded")
    audit.context.close()

    chair.goto(f"{live_server.url}/funds/books/")
    shot(chair, "funds-books")
    with chair.expect_download() as pdf_info:
        chair.click("#report-pdf")
    data = open(pdf_info.value.path(), "rb").read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "年度工会经费收支报告" in text and "1,200.50" in text and "基本合规" in text
    with chair.expect_download() as xlsx_info:
        chair.click("#report-xlsx")
    assert open(xlsx_info.value.path(), "rb").read(2) == b"PK"
    shot(chair, "funds-annual-report-downloaded")
    chair.context.close()
