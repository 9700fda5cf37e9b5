"""Transfers down (拨付) and up (上解) reconciled by importing the bank statement through the core
import framework: lines matched by amount and date and by voucher number or counterpart are
reconciled, once; the rest is listed in the reconciliation report; the import page is reachable
from the report."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.imports import services as imports
from gonghui.funds import selectors
from gonghui.funds.models import BankLine
from gonghui.funds.services import ledger
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db


def _bank_file(rows):
    head = "交易流水号,记账日期,借方发生额,贷方发生额,对方户名,摘要\n"
    body = "".join(",".join(r) + "\n" for r in rows)
    return SimpleUploadedFile("银行流水.csv", (head + body).encode("utf-8-sig"))


def _import(cast, rows):
    with acting(cast.district_admin) as assignment:
        job = imports.start_import(actor=cast.district_admin, assignment=assignment,
                                   importer_key="funds_bank_transfers", org=cast.district,
                                   upload=_bank_file(rows))  # fmt: skip
        return imports.commit_job(job, "all")


def _transfers(cast):
    with acting(cast.district_admin):
        down = ledger.record_transfer(actor=cast.district_admin, payer=cast.district, payee=cast.union_a,
                                      amount=Decimal("500"), on=f.TODAY, memo="困难职工补助", reference="B-1")  # fmt: skip
        street = ledger.record_transfer(actor=cast.district_admin, payer=cast.district, payee=cast.street,
                                        amount=Decimal("80"), on=f.TODAY, memo="活动经费", reference="B-2")  # fmt: skip
        lost = ledger.record_transfer(actor=cast.district_admin, payer=cast.district, payee=cast.union_b,
                                      amount=Decimal("70"), on=f.TODAY, memo="慰问", reference="B-3")  # fmt: skip
    return down, street, lost


def test_bank_lines_reconcile_transfers_and_the_rest_is_reported(cast):
    down, street, lost = _transfers(cast)
    rows = [
        ["N1", "2026-03-15", "500.00", "", "某银行代发", "B-1"],  # by voucher number
        ["N2", "2026-03-15", "80.00", "", cast.street.name, "活动"],  # by counterpart
        ["N3", "2026-03-15", "999.00", "", "不明收款人", ""],  # nothing recorded
        ["N4", "2026-03-16", "70.00", "", cast.union_b.name, "B-3"],  # another date
    ]
    job = _import(cast, rows)
    assert job.status == "done", job.error
    assert job.result["counts"] == {"已对上": 2, "未对上": 2, "已导入过": 0}
    assert BankLine.unscoped.get(serial="N1").entry == down
    assert BankLine.unscoped.get(serial="N2").entry == street
    with acting(cast.district_admin):
        report = selectors.reconciliation(2026, 3)
    assert sorted(line.serial for line in report["bank_unmatched"]) == ["N3", "N4"]
    # the district imported its statement: its transfer the bank does not show is listed (the
    # receiving unions imported none for March, so theirs are not)
    assert [(p.entry, p.org) for p in report["transfers_open"]] == [(lost, cast.district)]
    # importing the statement again changes nothing
    again = _import(cast, rows)
    assert again.result["counts"] == {"已导入过": 4}
    assert BankLine.unscoped.count() == 4


def test_a_transfer_is_reconciled_once_per_side(cast):
    down, _street, _lost = _transfers(cast)
    rows = [["M1", "2026-03-15", "500.00", "", cast.union_a.name, ""],
            ["M2", "2026-03-15", "500.00", "", cast.union_a.name, ""]]  # fmt: skip
    job = _import(cast, rows)
    assert job.result["counts"] == {"已对上": 1, "未对上": 1, "已导入过": 0}
    assert BankLine.unscoped.filter(entry=down).count() == 1


def test_a_row_needs_exactly_one_amount(cast):
    job = _import(cast, [["X1", "2026-03-15", "", "", "谁", ""]])
    assert job.status == "failed" and not BankLine.unscoped.exists()


def test_the_import_is_reachable_from_the_reconciliation_report(cast, login):
    _transfers(cast)
    _import(cast, [["R1", "2026-03-15", "", "12.00", "某银行", "利息"]])
    page = login(cast.district_admin).get(reverse("funds:reconcile") + "?year=2026&month=3")
    html = page.content.decode()
    assert reverse("imports:start", args=["funds_bank_transfers"]) in html
    assert "慰问" in html and "利息" in html  # a transfer the bank lacks, a line the books lack
    assert datetime.date(2026, 3, 15).isoformat() in html


def test_only_the_district_hands_money_up_out_of_the_tree(cast):
    """上解市总 (no payee in the tree) is the district's; a union's transfer up names its upper union."""
    from django.core.exceptions import ValidationError

    from gonghui.funds.models import Entry

    with acting(cast.chair_a), pytest.raises(ValidationError) as refused:
        ledger.record_transfer(actor=cast.chair_a, payer=cast.union_a, payee=None,
                               amount=Decimal("300"), on=f.TODAY, memo="", reference="U-1")  # fmt: skip
    assert "只有区总工会可向区外上级工会上解" in str(refused.value)
    assert not Entry.unscoped.filter(idempotency_key="transfer:U-1").exists()
    with acting(cast.chair_a):
        up = ledger.record_transfer(actor=cast.chair_a, payer=cast.union_a, payee=cast.street,
                                    amount=Decimal("300"), on=f.TODAY, memo="", reference="U-2")  # fmt: skip
    with acting(cast.district_admin):
        out = ledger.record_transfer(actor=cast.district_admin, payer=cast.district, payee=None,
                                     amount=Decimal("900"), on=f.TODAY, memo="", reference="D-1")  # fmt: skip
    assert up.kind == out.kind == "transfer_up"
