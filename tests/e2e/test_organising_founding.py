"""Issue 19's "done when": the street sees an employer with 80 workers and no union, runs the
founding with the district's written consent and approval; the new union appears in the tree
with its officials and the district's coverage rises. Then a term change goes plan → approval →
election → approval → new term. The elections themselves run in the assemblies module."""

import datetime

import pytest

from gonghui.organising.models import Founding, TermChange
from gonghui.orgs.models import Term
from gonghui.reports.services import recompute_all
from tests.conftest import PASSWORD
from tests.e2e.conftest import CHROMIUM, log_in, shot  # noqa: F401
from tests.organising.helpers import make_member, make_target, run_paper_election

CANDIDATES = "张明 主席\n李华 副主席\n王芳 委员\n赵强 委员"


def _page(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, username, PASSWORD)
    return page


def _act(page, name):
    page.click(f"#action-{name}")
    page.wait_for_load_state()


def _submit(page):
    page.click("#organising-form button[type=submit]")
    page.wait_for_load_state()


def _rate(page, live_server):
    page.goto(f"{live_server.url}/reports/")
    return page.inner_text("#fig-unionisation-rate")


@pytest.mark.django_db(transaction=True)
def test_street_founds_union_and_union_changes_term(cast, live_server, browser):
    make_target(cast, headcount=80, name="丙智能装备有限公司")
    recompute_all()
    district = _page(browser, live_server, "district")
    street = _page(browser, live_server, "street")
    before = _rate(district, live_server)

    # The street sees the employer with 80 workers and no union, and starts the founding.
    street.goto(f"{live_server.url}/organising/")
    row = street.locator("#employers tr", has_text="丙智能装备有限公司")
    assert "80" in row.inner_text()
    shot(street, "organising-1-employers-without-union")
    row.locator("a").first.click()
    street.click("#start-founding")
    street.fill("#id_committee", "组长 张明（行政部经理）；成员 李华、王芳")
    street.fill("#id_contact", "张明")
    _submit(street)
    _act(street, "request_consent")
    assert "待上级同意筹备" in street.inner_text("#founding-status")
    founding = Founding.unscoped.get()
    url = f"{live_server.url}/organising/foundings/{founding.pk}/"

    # The district gives its written consent: the union is placed in the tree for recruitment.
    district.goto(url)
    _act(district, "consent")
    district.fill("#id_document_no", "和工发〔2026〕11号")
    _submit(district)
    assert "发展会员" in district.inner_text("#founding-status")
    founding.refresh_from_db()
    for i in range(5):
        make_member(founding.union, f"丙会员{i}")

    # The founding members' meeting: candidates on the ballot, the election in assemblies.
    street.goto(url)
    assert "已入会 5 人" in street.inner_text("#recruitment")
    _act(street, "set_up_election")
    street.fill("#id_seats", "3")
    street.fill("#id_candidates", CANDIDATES)
    street.fill("#id_starts_at", datetime.datetime.now().strftime("%Y-%m-%dT%H:%M"))
    street.select_option("#id_method", "paper")
    _submit(street)
    founding.refresh_from_db()
    run_paper_election(
        founding.poll, enter_as=cast.street_admin, confirm_as=cast.district_admin,
        votes={"张明": 5, "李华": 5, "王芳": 4, "赵强": 1},
    )  # fmt: skip
    street.goto(url)
    _act(street, "record_election")
    assert "张明" in street.inner_text("#elected")
    _act(street, "request_approval")
    shot(street, "organising-2-founding-waiting-approval")

    # The district approves (批复); the street registers the union.
    district.goto(url)
    _act(district, "approve")
    district.fill("#id_document_no", "和工发〔2026〕12号")
    _submit(district)
    street.goto(url)
    _act(street, "register")
    street.fill("#id_code", "S1-0099")
    street.fill("#id_established_on", datetime.date.today().isoformat())
    _submit(street)
    assert "已建会" in street.inner_text("#founding-status")
    shot(street, "organising-3-founding-registered")

    # The union is in the tree with its officials; coverage on the dashboard rose.
    street.goto(f"{live_server.url}/orgs/S1-0099/")
    body = street.inner_text("main")
    assert "丙智能装备有限公司工会" in body and "张明" in body and "主席" in body
    shot(street, "organising-4-union-in-tree")
    after = _rate(district, live_server)
    assert float(after.rstrip("%")) > float(before.rstrip("%")), (before, after)
    shot(district, "organising-5-coverage-rose")

    # A term change: plan → the street's approval → election → approval → new term.
    Term.unscoped.create(org=cast.union_a, kind="committee", start_date=datetime.date(2019, 1, 1),
                         end_date=datetime.date(2024, 1, 1))  # fmt: skip
    for i in range(5):
        make_member(cast.union_a, f"甲工会会员{i}")
    chair = _page(browser, live_server, "chair-a")
    chair.goto(f"{live_server.url}/organising/terms/start/A/")
    chair.fill("#id_plan", "召开全体会员大会，差额选举第二届委员会")
    chair.fill("#id_seats", "3")
    chair.fill("#id_candidates", CANDIDATES)
    chair.fill("#id_election_on", datetime.date.today().isoformat())
    _submit(chair)
    _act(chair, "submit")
    change = TermChange.unscoped.get()
    street.goto(f"{live_server.url}/orgs/terms/")
    street.click("#overdue-terms a.term-step")
    assert "待上级审批计划" in street.inner_text("#change-status")
    _act(street, "approve_plan")
    street.fill("#id_document_no", "新街工〔2026〕5号")
    _submit(street)
    chair.goto(f"{live_server.url}/organising/terms/{change.pk}/")
    _act(chair, "set_up_election")
    chair.fill("#id_starts_at", datetime.datetime.now().strftime("%Y-%m-%dT%H:%M"))
    _submit(chair)
    change.refresh_from_db()
    run_paper_election(
        change.poll, enter_as=cast.chair_a, confirm_as=cast.staff_a,
        votes={"张明": 5, "李华": 4, "王芳": 4, "赵强": 0},
    )  # fmt: skip
    chair.goto(f"{live_server.url}/organising/terms/{change.pk}/")
    _act(chair, "submit_result")
    street.goto(f"{live_server.url}/organising/terms/{change.pk}/")
    _act(street, "approve_result")
    street.fill("#id_document_no", "新街工〔2026〕6号")
    _submit(street)
    assert "新一届已产生" in street.inner_text("#change-status")
    assert "张明（主席）" in street.inner_text("#officials")
    assert Term.unscoped.get(org=cast.union_a, is_current=True).number == 2
    shot(street, "organising-6-term-change-completed")
