"""The district opens last year's annual statistics return, follows a figure to its list and
exports the .xlsx; then sends a fill-in task to two unions: one submits its prefilled form, the
other is reminded by SMS, the district accepts and sees the roll-up."""

import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.models import SmsMessage
from gonghui.members.models import Member
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

YEAR = datetime.date.today().year - 1


def _members(cast):
    from gonghui.core.text.idnumbers import make_id_number

    for n, (org, gender) in enumerate(
        [(cast.union_a, "F"), (cast.union_a, "F"), (cast.group_a, "M"), (cast.union_b, "M")],
        start=1,
    ):
        Member.unscoped.create(
            org=org,
            name=f"甲工会会员{n}",
            gender=gender,
            birth_date=datetime.date(1988, 5, 5),
            id_number=make_id_number("110105", datetime.date(1988, 5, 5), n),
            join_date=datetime.date(YEAR, 4, 1),
            card_number=f"E{n}",
            employment_form="regular",
        )


@pytest.mark.django_db(transaction=True)
def test_district_files_the_annual_return_and_collects_a_task(cast, live_server, page, browser):
    _members(cast)
    cast.union_b.contact_phone = "13900001234"
    cast.union_b.save()
    log_in(page, live_server, "district", PASSWORD)

    # the annual return for last year
    page.goto(f"{live_server.url}/reports/annual/")
    page.fill("#id_year", str(YEAR))
    page.click("#show-return")
    page.wait_for_url(f"**year={YEAR}**")
    assert page.inner_text("[data-cell='表四.total.n']") == "4"
    assert page.inner_text("[data-cell='表四.women.n']") == "2"
    assert page.inner_text("#checks-status") == "全部通过"
    shot(page, "reports-annual-return")
    page.click("[data-cell='表四.women.n']")
    page.wait_for_url("**/women/n/")
    assert page.inner_text("#cell-total") == "2"
    assert page.locator("#cell-list tbody tr").count() == 2
    shot(page, "reports-annual-return-drill")
    page.go_back()
    with page.expect_download() as download:
        page.click("#export-return")
    assert download.value.suggested_filename == f"测试区总工会-工会统计年报-{YEAR}.xlsx"
    book = CalamineWorkbook.from_filelike(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = book.get_sheet_by_name("表四").to_python()
    assert [r[:2] for r in rows[4:6]] == [["年末会员", 4.0], ["其中：女性", 2.0]]

    # a fill-in task to unions A and B
    page.goto(f"{live_server.url}/reports/filings/new/")
    page.fill("#id_title", "书屋调查")
    page.fill("#id_instructions", "请核对会员数并填写职工书屋数量")
    page.fill("#id_year", str(YEAR))
    page.fill("#id_working_days", "5")
    page.fill("#id_fields", "年末会员|members\n职工书屋（个）")
    page.fill("#id_recipients", "A,B")
    page.click("#send-filing")
    page.wait_for_selector("#status-matrix")
    task_url = page.url
    assert page.inner_text("tr[data-org='A'] .filing-status") == "未打开"

    # union A opens its prefilled form and submits
    chair = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    union_page = chair.new_page()
    log_in(union_page, live_server, "chair-a", PASSWORD)
    union_page.goto(f"{live_server.url}/reports/filings/")
    union_page.click("#my-returns >> text=书屋调查")
    union_page.wait_for_selector("#answer-form")
    assert union_page.input_value("#value_f1") == "3"  # union A and its group: 3 members
    union_page.fill("#value_f2", "1")
    shot(union_page, "reports-filing-union-form")
    union_page.click("#submit-filing")
    union_page.wait_for_selector("#filing-status:has-text('已提交')")
    chair.close()

    # the district reminds B, accepts A and sees the roll-up
    page.goto(task_url)
    page.click("tr[data-org='B'] button[value=remind]")
    page.wait_for_selector("text=已发送催报短信")
    assert SmsMessage.unscoped.filter(template_key="reports.filing_reminder").count() == 1
    page.click("tr[data-org='A'] button[value=accept]")
    page.wait_for_selector("text=已采用合计（1 个单位）")
    assert page.inner_text("[data-total='1']") == "3"
    assert page.inner_text("[data-total='2']") == "1"
    assert "已催报 1 次" in page.inner_text("tr[data-org='B']")
    shot(page, "reports-filing-matrix")
