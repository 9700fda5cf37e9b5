import pytest

from gonghui.funds.models import Entry, Expense, SharingRule, StatementLine

pytestmark = pytest.mark.django_db


def test_demo_loads_twice():
    from gonghui.core.demo import load_demo

    load_demo()
    counts = (SharingRule.unscoped.count(), StatementLine.unscoped.count(), Entry.unscoped.count(),
              Expense.unscoped.count())  # fmt: skip
    load_demo()
    again = (SharingRule.unscoped.count(), StatementLine.unscoped.count(), Entry.unscoped.count(),
             Expense.unscoped.count())  # fmt: skip
    assert counts == again
    assert counts[0] == 3 and counts[3] == 1
    assert StatementLine.unscoped.filter(status="unmatched").count() == 1
