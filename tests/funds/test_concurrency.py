"""The same statement imported twice at the same moment posts once, proven on PostgreSQL (real
unique-index waits and row locks, one connection per thread). Both imports run the full
service: the second one's inserts wait on the first one's index entries, then skip them, so it
posts nothing; balances move once and stay equal to the sum of their postings. The same holds
for an org's bank statement (reconciliation of transfers): the second import waits for the
first and reports its lines as imported before, rather than failing on the unique serial."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from gonghui.core.imports import services as imports
from gonghui.funds.enums import Account
from gonghui.funds.models import Balance, BankLine, Entry, Posting, StatementLine
from tests.conftest import acting
from tests.funds import factories as f
from tests.funds.test_bank_transfers import _bank_file, _transfers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions and unique-index waits)")


def test_the_same_statement_imported_twice_at_once_posts_once(cast):
    f.rules(cast)
    lines = [f.line(cast.employer_a.name, "100.00", serial=f"C{i:05d}", code=cast.employer_a.credit_code)
             for i in range(300)] + [f.line(cast.employer_b.name, "50.00", serial=f"D{i:05d}", code=cast.employer_b.credit_code)
                                     for i in range(300)]  # fmt: skip
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(f.import_lines(cast, lines))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert sorted(r["新导入"] for r in results) == [0, 600]
    assert sorted(r["已入账"] for r in results) == [0, 600]
    assert StatementLine.unscoped.count() == 600
    assert Entry.unscoped.count() == 600
    assert Balance.unscoped.get(org=cast.union_a, account=Account.BANK).amount == Decimal(
        "18000.00"
    )
    assert Balance.unscoped.get(org=cast.union_b, account=Account.BANK).amount == Decimal("9000.00")
    for b in Balance.unscoped.all():
        total = sum(
            Posting.unscoped.filter(org=b.org, account=b.account).values_list("amount", flat=True)
        )
        assert total == b.amount


def _in_threads(*workers):
    """Run ``workers`` in threads, one connection each; the exceptions they raised."""
    errors = []

    def run(worker):
        try:
            worker()
        except Exception as exc:  # pragma: no cover - reported by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def test_a_statement_held_by_an_import_still_open_waits_and_is_skipped(cast):
    """Deterministic overlap: the second import starts while the first has inserted and posted
    but not yet committed; it waits for the commit and then posts nothing."""
    f.rules(cast)
    lines = [f.line(cast.employer_a.name, "100.00", serial=f"H{i:05d}", code=cast.employer_a.credit_code)
             for i in range(50)]  # fmt: skip
    inserted, results, released = threading.Event(), {}, []

    def first():
        with transaction.atomic():
            results["first"] = f.import_lines(cast, lines)
            inserted.set()
            time.sleep(1.0)  # the second import runs into this open transaction
            released.append(time.monotonic())

    def second():
        assert inserted.wait(timeout=60)
        results["second"] = f.import_lines(cast, lines)
        results["second_done"] = time.monotonic()

    assert _in_threads(first, second) == []
    assert results["first"]["新导入"] == 50 and results["first"]["已入账"] == 50
    assert results["second"]["新导入"] == 0 and results["second"]["已入账"] == 0
    assert results["second_done"] >= released[0]  # it waited for the first one's commit
    assert Entry.unscoped.count() == 50
    assert Balance.unscoped.get(org=cast.union_a, account=Account.BANK).amount == Decimal("3000.00")


def test_the_same_bank_statement_imported_twice_at_once_imports_it_once(cast):
    """Two imports of one bank file previewed at the same moment (both see nothing imported)
    and committed while the first is still open: the second waits, then skips every line, and
    each transfer is reconciled once."""
    down, street, _lost = _transfers(cast)
    rows = [[f"S{i:04d}", "2026-03-15", "1.00", "", "某银行", f"X-{i}"] for i in range(200)]
    rows += [["N1", "2026-03-15", "500.00", "", "某银行代发", "B-1"],
             ["N2", "2026-03-15", "80.00", "", cast.street.name, "活动"]]  # fmt: skip
    barrier, committed, jobs, released = threading.Barrier(2), threading.Event(), {}, []

    def start():
        with acting(cast.district_admin) as assignment:
            barrier.wait(timeout=60)
            return imports.start_import(actor=cast.district_admin, assignment=assignment,
                                        importer_key="funds_bank_transfers", org=cast.district,
                                        upload=_bank_file(rows))  # fmt: skip

    def first():
        job = start()
        with acting(cast.district_admin), transaction.atomic():
            jobs["first"] = imports.commit_job(job, "all")
            committed.set()
            time.sleep(1.0)  # the second import runs into this open transaction
            released.append(time.monotonic())

    def second():
        job = start()
        assert committed.wait(timeout=60)
        with acting(cast.district_admin):
            jobs["second"] = imports.commit_job(job, "all")
        jobs["second_done"] = time.monotonic()

    assert _in_threads(first, second) == []
    assert jobs["first"].status == "done", jobs["first"].error
    assert jobs["first"].result["counts"] == {"已对上": 2, "未对上": 200, "已导入过": 0}
    assert jobs["second"].status == "done", jobs["second"].error
    assert jobs["second"].result["counts"] == {"已对上": 0, "未对上": 0, "已导入过": 202}
    assert jobs["second_done"] >= released[0]
    assert BankLine.unscoped.count() == 202
    assert BankLine.unscoped.get(serial="N1").entry == down
    assert BankLine.unscoped.get(serial="N2").entry == street
