import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot


@pytest.mark.django_db(transaction=True)
def test_chair_browses_tree_and_cannot_open_sibling_union(cast, live_server, page):
    log_in(page, live_server, "chair-a", PASSWORD)
    assert "甲工会" in page.inner_text("main")
    page.click("#mainnav >> text=组织与会员")
    page.click("#mainnav .dropdown-menu >> text=组织")
    page.wait_for_url(f"{live_server.url}/orgs/")
    page.click("main a:has-text('甲工会（甲公司工会）')")
    page.wait_for_url(f"{live_server.url}/orgs/A/")
    assert page.inner_text("#org-name") == "甲工会（甲公司工会）"
    # lazy-loaded children in the tree browser
    page.goto(f"{live_server.url}/orgs/")
    shot(page, "foundation-tree")
    # the sibling union B does not exist for chair-a
    response = page.goto(f"{live_server.url}/orgs/B/")
    assert response.status == 404
    assert "页面不存在" in page.inner_text("#error-page")
    shot(page, "foundation-not-found")


@pytest.mark.django_db(transaction=True)
def test_district_admin_expands_tree_lazily(cast, live_server, page):
    log_in(page, live_server, "district", PASSWORD)
    page.goto(f"{live_server.url}/orgs/")
    page.click("button[data-node='S1']")
    page.wait_for_selector("text=乙公司工会")
    shot(page, "foundation-tree-expanded")


@pytest.mark.django_db(transaction=True)
def test_shell_is_usable_at_phone_width(cast, live_server, phone):
    log_in(phone, live_server, "chair-a", PASSWORD)
    phone.click(".navbar-toggler")
    phone.wait_for_selector("#mainnav.show")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "foundation-phone-menu")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 1366, 1920])
def test_menu_bar_is_one_row_on_office_screens(cast, live_server, browser, width):
    """The district admin sees every module; on a 1280–1920 px screen the Chinese menu bar is
    one row, and the active role and union are named in the account menu."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        log_in(page, live_server, "district", PASSWORD)
        height = page.evaluate(
            "document.querySelector('nav.navbar').getBoundingClientRect().height"
        )
        assert height < 70, f"menu bar {height}px high at {width}px: it wraps"
        page.click("#account-menu")
        page.wait_for_selector("#account-role", state="visible")
        assert page.inner_text("#account-role") == "区总工会管理员 · 测试区总工会"
        shot(page, f"foundation-menu-bar-{width}")
    finally:
        context.close()
