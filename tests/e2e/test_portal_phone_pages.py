"""A member's own pages on a 390 px phone, in Chinese and in English: none is wider than the
screen; from the portal's home the member files a request and a proposal and opens each to see
its state; the brand and "首页" of every member page lead back to the portal (not to the staff
dashboard); the account record names what the member did (never "其他操作")."""

import os

import pytest

from gonghui.core.models import User
from gonghui.innovation.models import Proposal
from gonghui.rights.models import WorkerRequest
from tests.e2e.conftest import shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("sms_outbox")]

PASSWORD = "Huiyuan-2026!ok"
PHONE = "13900004444"
WIDTH = 390
# Elements whose right edge passes the screen's (a table, a long word, a fixed width).
TOO_WIDE = """() => [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1;
}).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))"""
# The public pages of the portal (no login) and the member's own pages, each linked from /m/.
PUBLIC = [
    "/m/login/",
    "/m/login/code/",
    "/m/password/reset/",
    "/m/activate/",
    "/m/card/check/not-a-card/",
]
OWN = [
    "/m/",
    "/m/card/",
    "/m/data/",
    "/rights/mine/",
    "/rights/mine/new/",
    "/innovation/mine/",
    "/innovation/submit/",
    "/life/me/",
    "/life/me/learning/",
    "/funds/my/dues/",
]


def _phone(browser, locale):
    context = browser.new_context(
        locale=locale, viewport={"width": WIDTH, "height": 844}, is_mobile=True, has_touch=True
    )
    return context, context.new_page()


def _member(cast):
    from tests.portal.helpers import linked_member

    user = User.objects.create(username="portal-e2e-pages", full_name="甲工会会员小孙")
    user.set_password(PASSWORD)
    user.save()
    member = linked_member(cast.union_a, user, name="甲工会会员小孙", phone=PHONE)
    member.employer = cast.employer_a
    member.save()
    return member


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/m/login/")
    page.fill("input[name=phone]", PHONE)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/m/")


# Links and buttons of a form page shorter than a finger (Apple and Android ask for 44/48 px).
SHORT_TARGETS = """() => [...document.querySelectorAll('main a, main button')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height < 40;
}).map(el => el.innerText.trim())"""


def _assert_fits(page, path):
    wide = page.evaluate(TOO_WIDE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("innerWidth") and not wide, (path, width, wide[:5])


@pytest.mark.django_db(transaction=True)
def test_member_files_a_request_and_a_proposal_from_home_and_follows_them(
    cast, live_server, browser
):
    member = _member(cast)
    context, phone = _phone(browser, "zh-CN")
    _log_in(phone, live_server)

    # A request: from the home's button, then back home, the row opens the request.
    phone.click("#new-request-link")
    phone.wait_for_url(f"{live_server.url}/rights/mine/new/")
    phone.select_option("select[name=category]", "wages")
    phone.fill("input[name=title]", "甲工会三个月工资未发")
    phone.fill("textarea[name=description]", "9 月至 11 月工资未发，涉及 40 人。")
    phone.fill("input[name=affected_workers]", "40")
    phone.click("#submit-form")
    phone.wait_for_selector("#tracking-code")
    request = WorkerRequest.unscoped.get(title="甲工会三个月工资未发")
    phone.click(".navbar-brand")
    phone.wait_for_url(f"{live_server.url}/m/")
    row = phone.locator("#my-requests .request-link")
    assert "甲工会三个月工资未发" in row.inner_text()
    assert request.get_status_display() in row.inner_text()
    shot(phone, "portal-home-request-390")
    row.click()
    phone.wait_for_url(f"{live_server.url}/rights/mine/{request.pk}/")
    assert request.number in phone.inner_text("main")
    _assert_fits(phone, phone.url)
    # "首页" of a member page is the portal's home, not the staff dashboard.
    phone.click("#crumb-home")
    phone.wait_for_url(f"{live_server.url}/m/")

    # A proposal: the home offers to make one; the row opens it with its steps.
    phone.click("#new-proposal-link")
    phone.wait_for_url(f"{live_server.url}/innovation/submit/")
    phone.select_option("select[name=kind]", "rationalisation")
    phone.fill("input[name=title]", "甲工会焊接夹具柔性压紧")
    phone.fill("textarea[name=problem]", "薄板件焊接后变形，返工多")
    phone.fill("textarea[name=solution]", "夹具上增加多点柔性压紧块")
    phone.click("#submit-proposal")
    phone.wait_for_selector("#proposal-status")
    proposal = Proposal.objects.get(author=member)
    phone.click("#crumb-home")
    phone.wait_for_url(f"{live_server.url}/m/")
    row = phone.locator("#my-proposals .proposal-link")
    assert "甲工会焊接夹具柔性压紧" in row.inner_text()
    row.click()
    phone.wait_for_url(f"{live_server.url}/innovation/{proposal.pk}/")
    assert phone.inner_text("#proposal-status") == proposal.get_status_display()

    # The account record says what the member did, in words.
    phone.goto(f"{live_server.url}/m/data/")
    record = phone.inner_text("main")
    assert "其他操作" not in record
    assert "职工诉求 · 提交" in record and "合理化建议 · 提交" in record
    shot(phone, "portal-data-record-390")
    # Logging out of the phone pages leads to the phone login, not the staff one.
    phone.goto(f"{live_server.url}/m/")
    phone.click("#portal-logout")
    phone.wait_for_url(f"{live_server.url}/m/login/")
    context.close()


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
@pytest.mark.django_db(transaction=True)
def test_every_portal_page_fits_a_phone(cast, live_server, browser, locale):
    import datetime

    from gonghui.orgs.models import Official, Term

    _member(cast)
    term = Term.unscoped.create(
        org=cast.union_a,
        kind="committee",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2029, 1, 1),
    )
    for name, position in [
        ("甲工会委员", "member"),
        ("甲工会副主席", "vice_chair"),
        ("甲工会主席", "chair"),
    ]:
        Official.unscoped.create(
            org=cast.union_a, term=term, name=name, position=position, start_date=term.start_date
        )
    context, phone = _phone(browser, locale)
    lang = locale[:2]
    for path in PUBLIC:
        phone.goto(f"{live_server.url}{path}")
        _assert_fits(phone, path)
        assert phone.evaluate(SHORT_TARGETS) == [], path
    _log_in(phone, live_server)
    for path in OWN:
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        _assert_fits(phone, path)
        text = phone.inner_text("main")
        if lang == "zh":  # a Python value printed as is (in English "None yet" is a sentence)
            assert not {"None", "True", "False"} & set(text.split()), path
        shot(phone, f"portal-{lang}-{path.strip('/').replace('/', '-')}-390")
    # The union's officials by rank, in the page's language and punctuation.
    phone.goto(f"{live_server.url}/m/")
    officials = phone.locator("#my-union li").all_inner_texts()
    if lang == "en":
        assert officials == [
            "Chair: 甲工会主席",
            "Vice-chair: 甲工会副主席",
            "Committee member: 甲工会委员",
        ]
    else:
        assert officials == ["主席：甲工会主席", "副主席：甲工会副主席", "委员：甲工会委员"]
    context.close()
