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


@pytest.mark.django_db(transaction=True)
def test_figures_roll_up_level_by_level(cast, live_server, page, browser):
    """The district asks its streets; street S1 passes the form down to unions A and B; their
    accepted answers add up into S1's own answer (prefilled); the district sees the roll-up
    per street and in total."""
    from gonghui.reports import filings
    from gonghui.reports.models import FilingReturn, FilingTask
    from tests.conftest import acting

    _members(cast)
    log_in(page, live_server, "district", PASSWORD)
    page.goto(f"{live_server.url}/reports/filings/new/")
    page.fill("#id_title", "书屋调查（逐级）")
    page.fill("#id_year", str(YEAR))
    page.fill("#id_working_days", "10")
    page.fill("#id_fields", "年末会员|members\n职工书屋（个）")
    page.fill("#id_recipients", "S1,S2")
    page.click("#send-filing")
    page.wait_for_selector("#status-matrix")
    task_url = page.url

    # the street passes the form down to its two unions
    street = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    street_page = street.new_page()
    log_in(street_page, live_server, "street", PASSWORD)
    street_page.goto(f"{live_server.url}/reports/filings/")
    street_page.click("#my-returns >> text=书屋调查（逐级）")
    street_page.wait_for_selector("#answer-form")
    assert street_page.input_value("#value_f1") == "4"  # live: the street's 4 members
    street_page.click("#pass-down summary")
    street_page.fill("#id_pass_recipients", "A,B")
    street_page.fill("#id_pass_days", "5")
    street_page.click("#pass-down-send")
    street_page.wait_for_selector("#parent-task")
    assert street_page.inner_text("tr[data-org='A'] .filing-status") == "未打开"
    shot(street_page, "reports-filing-passed-down")

    # the unions answer (their forms prefilled from live data) and the street accepts both
    sub = FilingTask.unscoped.get(parent__isnull=False)
    for user, org, books in ((cast.chair_a, cast.union_a, "2"), (cast.chair_b, cast.union_b, "1")):
        ret = FilingReturn.unscoped.get(task=sub, org=org)
        with acting(user):
            filings.save_return(
                actor=user,
                ret=ret,
                answers={"f1": {"value": ret.values["f1"]["live"]}, "f2": {"value": books}},
                submit=True,
            )
    street_page.reload()
    street_page.click("tr[data-org='A'] button[value=accept]")
    street_page.wait_for_selector("text=已采用合计（1 个单位）")
    street_page.click("tr[data-org='B'] button[value=accept]")
    street_page.wait_for_selector("text=已采用合计（2 个单位）")
    assert street_page.inner_text("[data-total='2']") == "3"

    # the street's own answer: the roll-up, prefilled; it submits
    street_page.click("#parent-task a")
    street_page.wait_for_selector("#subtask-status")
    assert "2 个已采用" in street_page.inner_text("#subtask-status")
    assert street_page.input_value("#value_f1") == "4"
    assert street_page.input_value("#value_f2") == "3"
    assert street_page.inner_text("#rolled_f2") == "3"
    shot(street_page, "reports-filing-street-rolled-up")
    street_page.click("#submit-filing")
    street_page.wait_for_selector("#filing-status:has-text('已提交')")
    street.close()

    # the district accepts S1 and sees the roll-up per street and in total
    page.goto(task_url)
    page.click("tr[data-org='S1'] button[value=accept]")
    page.wait_for_selector("text=已采用合计（1 个单位）")
    s1 = page.inner_text("tr[data-org='S1']")
    assert "已下发：2/2 个下级已采用" in s1 and "下级汇总 3" in s1
    assert page.inner_text("[data-total='1']") == "4"
    assert page.inner_text("[data-total='2']") == "3"
    assert page.inner_text("[data-rolled-total='2']") == "3"
    shot(page, "reports-filing-district-rollup")
