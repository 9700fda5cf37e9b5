"""Issue #13 "Done when": a chair uploads a real roster (the wordings staff write, one wording
nobody knows), maps the unknown value once, sees the preview in Chinese labels, commits, exports
the roster and re-imports the export: nothing changes."""

import os

import pytest
from django.urls import get_resolver

from gonghui.members.models import Member
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.members import real_roster

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _upload(page, live_server, path):
    page.goto(f"{live_server.url}/imports/members/?org=A")
    page.set_input_files("input[name=file]", str(path))
    page.click("button[type=submit]")
    page.wait_for_url("**/map/")
    page.click("button[type=submit]")
    page.wait_for_selector("#import-summary")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_real_roster_map_unknown_value_commit_export_reimport(cast, live_server, page, tmp_path):
    get_resolver().url_patterns  # noqa: B018  (import URLconfs outside the server thread)
    rows, _expected, _bad = real_roster.build(30)
    rows[4][6] = "驻场"  # a wording the alias table does not know
    path = tmp_path / "工会会员名册.csv"
    path.write_bytes(real_roster.gb18030_csv(rows))
    log_in(page, live_server, "chair-a", PASSWORD)
    _upload(page, live_server, path)
    assert page.inner_text("#valid-count") == "30" and page.inner_text("#error-count") == "0"
    mapping = page.inner_text("#value-mapping")
    assert "用工形式" in mapping and "驻场" in mapping
    shot(page, "roster-unknown-value")
    page.select_option("select[name=map-employment_form-0]", label="劳务派遣")
    page.click("#value-mapping button")
    page.wait_for_selector("#import-summary")
    assert page.locator("#value-mapping").count() == 0
    preview = page.inner_text("#preview-table")
    for label in ("劳动合同制", "新就业形态", "高中/中专/技校", "劳务派遣", "中共党员", "女"):
        assert label in preview, label
    for code in ("regular", "new_form", "senior", "dispatch", "cpc", "\tF\t"):
        assert code not in preview, code
    shot(page, "roster-preview-chinese-labels")
    page.click("button[name=mode][value=all]")
    page.wait_for_selector("#import-done")
    assert "新增：30" in page.inner_text("#import-done")
    assert Member.unscoped.filter(org=cast.union_a).count() == 30
    assert Member.unscoped.get(name=rows[4][0]).employment_form == "dispatch"
    shot(page, "roster-committed")

    page.goto(f"{live_server.url}/members/")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_download() as download_info:
        page.click("text=导出含明文（将记入审计）")
    exported = tmp_path / "会员名册.xlsx"
    exported.write_bytes(open(download_info.value.path(), "rb").read())
    before = list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at"))
    _upload(page, live_server, exported)
    assert page.inner_text("#error-count") == "0"
    assert "未变化" in page.inner_text("#preview-table")
    shot(page, "roster-reimport-preview")
    page.click("button[name=mode][value=all]")
    page.wait_for_selector("#import-done")
    assert "未变化：30" in page.inner_text("#import-done")
    assert list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at")) == before
    shot(page, "roster-reimport-no-op")
