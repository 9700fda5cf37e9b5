import pytest

from gonghui.organising.models import Founding, Prospect, TermChange, Visit

pytestmark = pytest.mark.django_db


def test_demo_loads_twice():
    from gonghui.core.demo import load_demo

    load_demo()
    counts = (Prospect.unscoped.count(), Visit.unscoped.count(), Founding.unscoped.count(),
              TermChange.unscoped.count())  # fmt: skip
    load_demo()
    again = (Prospect.unscoped.count(), Visit.unscoped.count(), Founding.unscoped.count(),
             TermChange.unscoped.count())  # fmt: skip
    assert again == counts == (2, 2, 1, 1)
    assert Founding.unscoped.get().status == "consent_requested"
    assert TermChange.unscoped.get().status == "submitted"
