"""The audit log for an auditor (issue 22): Chinese labels for every action and object type,
links from each event to its object and from the object to its history, a capped count, and an
export that is itself audited and formula-safe."""

import io
import re
from pathlib import Path

import openpyxl
import pytest

from gonghui.core import audit, paging
from gonghui.core.models import AuditEvent
from gonghui.orgs import services
from tests.conftest import acting

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "gonghui"
CALL = re.compile(r"audit\.record(?:_many)?\(\s*[^,()]+,\s*\"([a-z_]+\.[a-z_]+(?:\.[a-z_]+)?)\"")
ASCII_WORD = re.compile(r"[a-z_]{3,}")  # a code name, not an abbreviation such as "API"


def actions_in_code():
    found = set()
    for path in SRC.rglob("*.py"):
        found |= set(CALL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_action_written_in_the_code_has_a_chinese_label():
    actions = actions_in_code()
    assert len(actions) > 200
    unlabelled = {
        a: audit.action_label(a) for a in actions if ASCII_WORD.search(audit.action_label(a))
    }
    assert unlabelled == {}
    composed_from_module_only = sorted(
        a for a in actions
        if a not in audit.ACTION_LABELS and audit.action_label(a) in map(str, audit.APP_LABELS.values())
    )  # fmt: skip
    assert composed_from_module_only == []


def test_labels_read_as_words():
    assert audit.action_label("core.sensitive.reveal") == "查看敏感信息明文"
    assert audit.action_label("assistance.file.submit") == "困难档案 · 提交"
    assert audit.object_type_label("assistance.hardshipfile") == "困难职工档案" or re.search(
        "[\u4e00-\u9fff]", audit.object_type_label("assistance.hardshipfile")
    )


def test_audit_page_shows_labels_links_and_no_code_names(cast, login):
    with acting(cast.chair_a):
        services.update_org(actor=cast.chair_a, org=cast.union_a, name="甲工会改名")
        audit.record(cast.chair_a, "core.sensitive.reveal", cast.union_a, extra={"field": "name"})
    page = login(cast.district_admin).get("/audit/").content.decode()
    table = page.split('id="audit-events"', 1)[1]
    assert "core.sensitive.reveal" not in table.replace('data-action="core.sensitive.reveal"', "")
    assert "查看敏感信息明文" in table and "工会组织 · 修改" in table
    assert f'href="/orgs/{cast.union_a.code}/"' in table  # the event links to its object
    assert "?object=orgs.org%23" in table  # and to the object's whole history
    assert "名称：" in table  # the changed field by its Chinese name


def test_filter_by_labelled_action(cast, login):
    with acting(cast.chair_a):
        services.update_org(actor=cast.chair_a, org=cast.union_a, name="甲工会改名")
        audit.record(cast.chair_a, "core.sensitive.reveal", cast.union_a, extra={"field": "name"})
    client = login(cast.district_admin)
    page = client.get("/audit/", {"action": "core.sensitive.reveal"}).content.decode()
    assert "查看敏感信息明文" in page and "工会组织 · 修改" not in page
    page = client.get("/audit/", {"action": "orgs.org"}).content.decode()
    assert "工会组织 · 修改" in page
    assert '<option value="core.sensitive.reveal">' in page


def test_object_page_links_to_its_history(cast, login):
    from gonghui.orgs.models import Org  # noqa: F401
    from tests.assistance.helpers import draft_file, set_dibao

    set_dibao(cast)
    file = draft_file(cast)
    page = login(cast.district_admin).get(f"/assistance/files/{file.pk}/").content.decode()
    assert f"/audit/?object=assistance.hardshipfile%23{file.pk}" in page
    history = login(cast.district_admin).get(audit.history_url(file)).content.decode()
    assert "困难档案 · 新建" in history or "困难档案" in history
    # A chair who may not read the log gets no link.
    page = login(cast.chair_a).get(f"/assistance/files/{file.pk}/").content.decode()
    assert "/audit/?object=" not in page


def test_export_is_formula_safe_and_itself_audited(cast, login):
    with acting(cast.chair_a):
        services.update_org(actor=cast.chair_a, org=cast.union_a, name='=HYPERLINK("x")甲')
    response = login(cast.district_admin).get("/audit/export/", {"org": "A"})
    assert response.status_code == 200
    assert "%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97_" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any(isinstance(c.value, str) and "HYPERLINK" in c.value for c in cells)
    assert "工会组织 · 修改" in [c.value for c in cells]
    event = AuditEvent.unscoped.get(action="core.audit.export")
    assert event.actor == cast.district_admin and event.extra["filter"] == "org=A"
    assert login(cast.chair_a).get("/audit/export/").status_code == 403


def test_audit_page_counts_at_most_the_cap(cast, login, settings, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    with acting(cast.chair_a):
        audit.record_many(cast.chair_a, "core.setting.change", [cast.union_a] * 55)
    page = login(cast.district_admin).get("/audit/").content.decode()
    # Counted up to one page past the first (50 a page), never the whole table.
    assert 'data-total="50+"' in page and "共 50+ 条" in page and "第 1 页" in page


def test_capped_paginator_counts_no_further_than_needed(cast):
    with acting(cast.chair_a):
        for i in range(12):
            audit.record(cast.chair_a, "core.setting.change", cast.union_a, extra={"rows": i})
    events = AuditEvent.unscoped.all()
    p = paging.CappedPaginator(events, 5, cap=10, number=1)
    assert p.count == 11 and p.capped and p.num_pages == 3
    p = paging.CappedPaginator(events, 5, cap=20, number=1)
    assert p.count == 12 and not p.capped
    p = paging.CappedPaginator(events, 5, cap=5, number=3)  # a later page: counted up to it
    assert p.count == 12 and not p.capped and p.num_pages == 3
