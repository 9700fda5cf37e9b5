"""The same statement imported twice at the same moment posts once, proven on PostgreSQL (real
unique-index waits and row locks, one connection per thread). Both imports run the full
service: the second one's inserts wait on the first one's index entries, then skip them, so it
posts nothing; balances move once and stay equal to the sum of their postings."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from gonghui.funds.enums import Account
from gonghui.funds.models import Balance, Entry, Posting, StatementLine
from tests.funds import factories as f

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
