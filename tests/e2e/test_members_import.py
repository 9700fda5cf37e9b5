"""Journey 1 (small): a chair uploads a messy HR file, sees errors with row, column and reason,
downloads the error workbook and imports the valid rows."""

import datetime
import io
import os

import pytest
from django.urls import get_resolver
from python_calamine import CalamineWorkbook

from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.models import Member
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _messy_file(tmp_path):
    good = make_id_number("320102", datetime.date(1991, 4, 2), 11, "M")
    woman = make_id_number("320102", datetime.date(1993, 9, 9), 12, "F")
    text = (
        "华强公司 2025 年 11 月新入职人员\n"
        "姓名,身份证号码,性别,手机号码,入会时间\n"
        f"甲工会刘洋,{good},男,+86 138 0000 0001,2025.11.3\n"
        f"甲工会陈静,{woman.lower()},女,13800000002,2025年11月3日\n"
        "甲工会王磊,3.20102199104E+17,男,13800000003,2025-11-03\n"
        f"甲工会赵敏,{woman},女,1380000000,2025-11-03\n"
    )
    path = tmp_path / "新员工.csv"
    path.write_bytes(text.encode("gb18030"))
    return path


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_import_messy_file_and_download_error_workbook(cast, live_server, page, tmp_path):
    get_resolver().url_patterns  # noqa: B018  (import URLconfs outside the server thread)
    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/members/")
    page.click("text=导入名册")
    page.set_input_files("input[name=file]", str(_messy_file(tmp_path)))
    page.click("button[type=submit]")
    page.wait_for_url("**/map/")
    page.click("button[type=submit]")
    page.wait_for_selector("#import-summary")
    assert page.inner_text("#valid-count") == "2" and page.inner_text("#error-count") == "2"
    errors = page.inner_text("#error-table")
    assert "Excel" in errors and "11 位" in errors
    shot(page, "members-import-preview")
    with page.expect_download() as download_info:
        page.click("#download-errors")
    data = open(download_info.value.path(), "rb").read()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "原行号" and [r[0] for r in rows[1:]] == [5, 6]
    page.click("#commit-valid")
    page.wait_for_selector("#import-done")
    assert "新增：2" in page.inner_text("#import-done")
    assert set(Member.unscoped.values_list("name", flat=True)) == {"甲工会刘洋", "甲工会陈静"}
    page.goto(f"{live_server.url}/members/?q=ly")
    assert "甲工会刘洋" not in page.inner_text("#member-table")  # initials start at the surname
    page.goto(f"{live_server.url}/members/?q=刘洋")
    assert "甲工会刘洋" in page.inner_text("#member-table")
    shot(page, "journey1-import-committed")
