"""Memos the ledger composes (a remittance, dues, a reversal, an undone match, an expense, a
transfer with no note) keep their kind and parameters and read in the reader's language on the
pages, exports and API; a note a person typed reads as typed (issue 20, item 8). Entries posted
before keep their words through the migration that reads the structure back out of their text.
The audit log names a live object in the viewer's language."""

import importlib
from decimal import Decimal

import pytest
from django.utils import translation

from gonghui.core.models import AuditEvent
from gonghui.funds.enums import EntryKind
from gonghui.funds.models import Entry, Memo, PayerAlias, SharingRule, StatementLine
from gonghui.funds.services import books, dues, ledger, remittances
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db

EN, ZH = "en", "zh-hans"


@pytest.fixture(autouse=True)
def _chinese_again_afterwards():
    """A request in English leaves English active in this thread: the next test reads Chinese."""
    with translation.override(ZH):
        yield


def _in(language, entry):
    with translation.override(language):
        return entry.description


def _page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def test_remittance_memo_reads_in_each_language_on_the_pages(cast, login):
    f.rules(cast)
    f.import_lines(cast, [f.line("x", "1000", code=cast.employer_a.credit_code)])
    entry = Entry.unscoped.get(kind=EntryKind.REMITTANCE)
    name = cast.employer_a.name
    assert (entry.memo_code, entry.memo_args) == (
        Memo.REMITTANCE,
        {"payer": name, "period": "2026-03", "fund": "funds"},
    )
    assert _in(ZH, entry) == f"{name} 2026-03 工会经费"
    assert _in(EN, entry) == f"{name} 2026-03 Union funds"
    client = login(cast.district_admin)
    for url in [f"/funds/entries/{entry.pk}/", f"/funds/orgs/{cast.union_a.code}/"]:
        english = _page(client, url, EN)
        assert f"{name} 2026-03 Union funds" in english and "工会经费" not in english, url
        assert f"{name} 2026-03 工会经费" in _page(client, url, ZH), url


def test_dues_reversal_and_undone_match_read_in_each_language(cast):
    from tests.life.factories import make_member

    f.rules(cast)
    member = make_member(cast.union_a, "甲缴费人", login=False)
    with acting(cast.chair_a):
        dues.set_dues_base(actor=cast.chair_a, member=member, wage=Decimal("6000"))
        roll, _n = dues.generate_roll(actor=cast.chair_a, org=cast.union_a, month=f.TODAY)
        dues.mark_dues_paid(actor=cast.chair_a, lines=list(roll.lines.all()))
    paid = Entry.unscoped.get(kind=EntryKind.DUES)
    assert (_in(ZH, paid), _in(EN, paid)) == ("2026-03 会费", "Dues 2026-03")
    with acting(cast.district_admin):
        reversal = ledger.reverse_entry(actor=cast.district_admin, entry=paid, reason="重复")
    assert _in(ZH, reversal) == f"冲正 #{paid.pk}：重复"
    assert _in(EN, reversal) == f"Reversal of #{paid.pk}: 重复"  # the reason as typed

    f.import_lines(cast, [f.line("乙物流（代缴）", "200")])
    line = StatementLine.unscoped.get(payer_name="乙物流（代缴）")
    with acting(cast.district_admin):
        remittances.match_payer(actor=cast.district_admin, line=line, employer=cast.employer_a)
        alias = PayerAlias.unscoped.get()
        remittances.unmatch_payer(actor=cast.district_admin, alias=alias, reason="匹配错了")
    undone = Entry.unscoped.get(memo_code=Memo.UNMATCH)
    posted = undone.reverses_id
    assert _in(ZH, undone) == f"撤销匹配：匹配错了 #{posted}"
    assert _in(EN, undone) == f"Match undone: 匹配错了 #{posted}"


def test_expense_and_transfer_memos(cast):
    e = f.expense(cast, f.budget(cast))
    with acting(cast.chair_a):
        books.approve_expense(actor=cast.chair_a, expense=e)
    e.refresh_from_db()
    assert e.entry.memo_args == {"purpose": "甲工会篮球赛用品", "payee": "某体育用品店"}
    assert _in(ZH, e.entry) == "甲工会篮球赛用品（某体育用品店）"
    with translation.override(EN):  # the English of a new message comes with the next catalogue
        expected = translation.gettext("%(purpose)s（%(payee)s）") % e.entry.memo_args
    assert _in(EN, e.entry) == expected
    with acting(cast.district_admin):
        typed = ledger.record_transfer(actor=cast.district_admin, payer=cast.district,
                                       payee=cast.union_a, amount=Decimal("500"), on=f.TODAY,
                                       memo="困难职工补助", reference="B-1")  # fmt: skip
        plain = ledger.record_transfer(actor=cast.district_admin, payer=cast.district,
                                       payee=cast.union_a, amount=Decimal("80"), on=f.TODAY,
                                       memo="", reference="B-2")  # fmt: skip
    assert typed.memo_code == "" and _in(EN, typed) == "困难职工补助" == _in(ZH, typed)
    assert (_in(ZH, plain), _in(EN, plain)) == ("拨付", "Transfer down")


def test_unreadable_structure_falls_back_to_the_stored_text(cast):
    entry = Entry(kind=EntryKind.REMITTANCE, memo="原文", memo_code=Memo.REMITTANCE,
                  memo_args={"payer": "x"})  # fmt: skip
    assert entry.description == "原文"
    entry.memo_code, entry.memo_args = "retired_code", {}
    assert entry.description == "原文"


def test_migration_reads_the_structure_of_entries_posted_before(cast):
    step = importlib.import_module(
        "gonghui.funds.migrations.0004_entry_memo_rendered_in_reader_language"
    )
    patterns, funds = step._patterns(), step._funds()
    kinds = {kind: {label, step._in_english(label)} for kind, label in step.KINDS.items()}
    expenses = {7: ("篮球", "体育用品店")}

    def structure(kind, memo, pk=1):
        return step._structure(Entry(pk=pk, kind=kind, memo=memo), patterns, funds, kinds, expenses)

    assert structure("remittance", "华强精密机械 有限公司 2026-12 建会筹备金") == (
        "remittance",
        {"payer": "华强精密机械 有限公司", "period": "2026-12", "fund": "prep"},
    )
    assert structure("remittance", "Acme 2026-12 Union funds") == (
        "remittance",
        {"payer": "Acme", "period": "2026-12", "fund": "funds"},
    )
    assert structure("remittance", "随手写的摘要") is None
    assert structure("dues", "2026-01 会费") == ("dues", {"month": "2026-01"})
    assert structure("dues", "Dues 2026-01") == ("dues", {"month": "2026-01"})
    assert structure("reversal", "冲正 #12：错认单位") == (
        "reversal",
        {"pk": 12, "reason": "错认单位"},
    )
    assert structure("reversal", "撤销匹配：匹配错了 #9") == (
        "unmatch",
        {"pk": 9, "reason": "匹配错了"},
    )
    assert structure("expense", "篮球（体育用品店）", pk=7) == (
        "expense",
        {"purpose": "篮球", "payee": "体育用品店"},
    )
    assert structure("transfer_down", "拨付") == ("kind", {})
    assert structure("transfer_down", "困难职工补助") is None


def test_audit_log_names_live_objects_in_the_viewers_language(cast, login):
    f.rules(cast)  # the rows keep the names as written, in Chinese
    e = f.expense(cast, f.budget(cast), amount="2680")
    rule = SharingRule.unscoped.get(kind="dues")
    kept = AuditEvent.unscoped.get(action="funds.rule.add", object_id=str(rule.pk)).object_repr
    assert kept == "会费 2026-01-01"
    recorded = AuditEvent.unscoped.get(action="funds.expense.record", object_id=str(e.pk))
    assert (
        recorded.object_repr == "甲工会篮球赛用品（2,680.00 元）"
    )  # as the Chinese pages print it
    client = login(cast.district_admin)
    english = _page(client, "/audit/", EN)
    assert "Dues 2026-01-01" in english and "会费 2026-01-01" not in english
    assert "甲工会篮球赛用品 (¥2,680.00)" in english and "元" not in english
    chinese = _page(client, "/audit/", ZH)
    assert "会费 2026-01-01" in chinese and "甲工会篮球赛用品（2,680.00 元）" in chinese
    # an object no longer there is named as the row keeps it
    AuditEvent.unscoped.create(action="funds.expense.record", object_type="funds.expense",
                               object_id="999999", object_repr="已不存在的支出",
                               org=cast.union_a, org_path=cast.union_a.path)  # fmt: skip
    assert "已不存在的支出" in _page(client, "/audit/", EN)
