"""#15 "Done when", in the browser: an excluded household, a self-approval and a duplicate
across programmes are refused or flagged with a Chinese message (screenshots in
test-artifacts/)."""

import datetime
import os

import pytest
from django.urls import get_resolver

from gonghui.assistance import programmes, services
from gonghui.assistance.models import ExternalAid
from tests.assistance.helpers import TODAY, draft_file, set_dibao, to_state
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_exclusion_self_approval_and_duplicate_in_the_browser(cast, live_server, browser):
    get_resolver().url_patterns  # noqa: B018  (import every URLconf with scopes off)
    set_dibao(cast, "1000")

    def login_as(username):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        log_in(page, live_server, username, PASSWORD)
        return page

    # 1. An excluded household: a private car declared in the browser.
    excluded = draft_file(cast)
    chair = login_as("chair-a")
    chair.goto(f"{live_server.url}/assistance/files/{excluded.pk}/rows/declaration/add/")
    chair.select_option("select[name=kind]", "vehicle")
    chair.fill("input[name=count]", "1")
    chair.click("main form button.btn-primary")
    chair.wait_for_selector("#category")
    assert chair.inner_text("#category") == "不符合条件"
    assert "触发排除规则，不符合条件：拥有私家车" in chair.inner_text(".exclusion")
    main = chair.inner_text("main")
    assert "拥有私家车，不符合建档条件（须书面说明理由并经区级另一人复核放行）" in main
    assert "private_car" not in chair.content()
    assert chair.locator("button[data-action=submit]").count() == 1
    chair.click("button[data-action=submit]")
    chair.wait_for_selector("#file-status")
    assert "触发排除规则：拥有私家车" in chair.inner_text("[role=alert]")
    assert chair.inner_text("#file-status") == "草稿"
    shot(chair, "assistance-integrity-excluded")

    # 2. A self-approval: the district admin submitted the file, then opens it to review it.
    own = draft_file(cast)
    with acting(cast.district_admin):
        services.submit_file(actor=cast.district_admin, file=own)
    with acting(cast.staff_a):
        services.record_visit(
            actor=cast.staff_a, file=own, visited_on=TODAY, visitors="陈静", findings="属实"
        )
    admin = login_as("district")
    admin.goto(f"{live_server.url}/assistance/files/{own.pk}/")
    assert admin.locator("button[data-action=review]").count() == 0
    assert "帮扶中心审核通过：四眼原则：提交人不能审核或审批自己提交的档案" in admin.inner_text(
        ".four-eyes"
    )
    shot(admin, "assistance-integrity-self-approval")

    # 3. A duplicate across programmes: 临时救助 and 生活救助 in the same weeks plus a
    #    civil-affairs grant entered on the outside-aid screen.
    file = to_state(cast, draft_file(cast), "filed")
    cycles = {}
    with acting(cast.district_admin):
        for kind, name in (("emergency", "临时救助"), ("living", "生活救助")):
            programme = programmes.create_programme(
                actor=cast.district_admin, org=cast.district, kind=kind, name=name
            )
            cycles[kind] = programmes.open_cycle(
                actor=cast.district_admin,
                programme=programme,
                name=f"{TODAY.year} 年{name}",
                year=TODAY.year,
                start_date=TODAY - datetime.timedelta(days=5),
                end_date=TODAY + datetime.timedelta(days=25),
            )
            programmes.set_budget(
                actor=cast.district_admin,
                cycle=cycles[kind],
                org=cast.district,
                fund_source="union",
                amount="50000",
            )
    with acting(cast.chair_a):
        programmes.nominate(actor=cast.chair_a, cycle=cycles["emergency"], file=file, amount="800")
    applicant = file.household.get(relationship="self")
    chair.goto(f"{live_server.url}/assistance/outside-aid/new/")
    chair.fill("input[name=person_name]", applicant.name)
    chair.fill("input[name=id_number]", applicant.id_number)
    chair.fill("input[name=source]", "民政临时救助")
    chair.fill("input[name=amount]", "1500")
    chair.fill("input[name=granted_on]", TODAY.isoformat())
    chair.click("main form button.btn-primary")
    chair.wait_for_selector("text=民政临时救助")
    assert ExternalAid.objects.count() == 1
    shot(chair, "assistance-integrity-outside-aid")
    chair.goto(f"{live_server.url}/assistance/cycles/{cycles['living'].pk}/nominate/")
    chair.fill("input[name=file_number]", file.number)
    chair.fill("input[name=amount]", "900")
    chair.click("main form button.btn-primary")
    chair.wait_for_selector("#budget-used")

    reviewer = login_as("reviewer")
    reviewer.goto(f"{live_server.url}/assistance/cycles/{cycles['living'].pk}/")
    flags = reviewer.inner_text("main table")
    assert f"同期已获 临时救助「{TODAY.year} 年临时救助」" in flags
    assert "同期已获外部救助：民政临时救助 ¥1,500.00" in flags
    reviewer.check("input[name=ids]")
    reviewer.click("button[data-action=approve-selected]")
    reviewer.wait_for_selector("#budget-used")
    assert "有未处理的重复/异常提示，请先核实并说明" in reviewer.inner_text("main")
    shot(reviewer, "assistance-integrity-duplicate")

    admin.goto(f"{live_server.url}/assistance/integrity/?kind=overlap")
    assert "民政临时救助 ¥1,500.00" in admin.inner_text("#drill-down + div")
    shot(admin, "assistance-integrity-report")
