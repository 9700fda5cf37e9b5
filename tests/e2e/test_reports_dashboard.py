"""Journey 3: the district's organisation officer opens the coverage dashboard, drills into a
street, switches the denominator and exports the table."""

import datetime

import pytest

from gonghui.members.models import Member
from gonghui.reports.services import recompute_all
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot


@pytest.mark.django_db(transaction=True)
def test_district_officer_drills_down_and_exports(cast, live_server, page):
    from gonghui.core.text.idnumbers import make_id_number

    for n in range(1, 4):
        Member.unscoped.create(
            org=cast.union_a,
            name=f"甲工会会员{n}",
            gender="F",
            birth_date=datetime.date(1995, 5, 5),
            id_number=make_id_number("110105", datetime.date(1995, 5, 5), n),
            join_date=datetime.date.today(),
            card_number=f"E{n}",
            employment_form="new_form",
        )
    recompute_all()
    log_in(page, live_server, "district", PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_selector("#rates-chart svg")
    assert page.inner_text("#fig-members") == "3"
    page.click("#coverage-table >> text=测试街道工会")
    page.wait_for_url("**/reports/S1/**")
    assert "甲工会" in page.inner_text("#coverage-table")
    assert page.inner_text("#fig-new-form") == "3"
    # the saved chart is named after its title and the date, not echarts.svg
    name = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('rates-chart'))"
        ".getOption().toolbox[0].feature.saveAsImage.name"
    )
    assert name == f"测试街道工会_下级组织入会率与建会率-{datetime.date.today().isoformat()}"
    page.select_option("#m", "unionised")
    page.wait_for_url("**m=unionised**")
    assert "已建工会单位的职工人数" in page.inner_text("main")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    shot(page, "journey3-coverage-dashboard")
