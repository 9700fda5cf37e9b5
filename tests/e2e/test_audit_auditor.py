"""Journey 12: an auditor asks who looked at a hardship file's bank account. The district admin
opens the file's history from its page and sees the two reveals, by whom and when, and the print
of the payment list it was on; the labels are Chinese, the filters fit at 1280 px, the filtered
log exports to Excel."""

import io
import itertools
import os

import openpyxl
import pytest
from django.test import Client
from django.urls import get_resolver
from pypdf import PdfReader

from gonghui.assistance import programmes
from gonghui.core.sensitive import reveal_value
from tests.assistance.helpers import TODAY, clear_flags, draft_file, set_dibao, to_state
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _on_a_printed_payment_list(cast, file):
    with acting(cast.district_admin):
        programme = programmes.create_programme(
            actor=cast.district_admin, org=cast.district, kind="warmth", name="春节送温暖"
        )
        cycle = programmes.open_cycle(actor=cast.district_admin, programme=programme,
                                      name="春节送温暖", year=TODAY.year, start_date=TODAY,
                                      end_date=TODAY)  # fmt: skip
        programmes.set_budget(actor=cast.district_admin, cycle=cycle, org=cast.district,
                              fund_source="union", amount="10000")  # fmt: skip
    with acting(cast.chair_a):
        entitlement = programmes.nominate(actor=cast.chair_a, cycle=cycle, file=file)
    clear_flags(cast, entitlement)
    with acting(cast.reviewer):
        programmes.approve_list(actor=cast.reviewer, cycle=cycle)
    entitlement.refresh_from_db()
    assert entitlement.status == "approved", entitlement.status
    client = Client()
    client.force_login(cast.chair_a)
    response = client.get(f"/assistance/cycles/{cycle.pk}/payments.pdf")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_auditor_finds_who_revealed_a_bank_account(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018  (import every URLconf with scopes off)
    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "filed")
    pdf = _on_a_printed_payment_list(cast, file)
    # Names in the sign-off sheet are never broken one character a line.
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert file.applicant_name in text.replace(" ", "")
    for who in (cast.reviewer, cast.chair_a):
        with acting(who):
            reveal_value(actor=who, model_label="assistance.hardshipfile", pk=file.pk,
                         field="bank_account")  # fmt: skip

    log_in(page, live_server, "district", PASSWORD)
    page.goto(f"{live_server.url}/assistance/files/{file.pk}/")
    page.click("a.audit-history")
    page.wait_for_selector("#audit-events")
    table = page.inner_text("#audit-events")
    assert table.count("查看敏感信息明文") == 2
    assert "银行账号" in table and "审核人" in table and "甲主席" in table
    assert "打印发放名单（签收表）" in table and "帮扶批次：春节送温暖" in table
    assert "core.sensitive.reveal" not in page.inner_text("main")
    assert "的全部操作记录" in page.inner_text("#audit-subject")
    # The filters fit at 1280 px: no box overlaps another, nothing scrolls sideways.
    boxes = [page.locator(f"#audit-filters #{i}").bounding_box()
             for i in ("id_actor", "id_action", "id_object", "id_org", "id_start", "id_end")]  # fmt: skip
    for a, b in itertools.pairwise(boxes):
        assert a["y"] + a["height"] <= b["y"] or a["x"] + a["width"] <= b["x"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    with page.expect_download() as download:
        page.click("#audit-export")
    assert download.value.suggested_filename.startswith("审计日志_")
    with open(download.value.path(), "rb") as saved:
        book = openpyxl.load_workbook(io.BytesIO(saved.read()))
    actions = [row[3] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert actions.count("查看敏感信息明文") == 2
    shot(page, "journey12-audit-log")
