import pytest

from gonghui.workplace.models import Contract, Disclosure

pytestmark = pytest.mark.django_db


def test_demo_loads_twice():
    from gonghui.core.demo import load_demo

    load_demo()
    counts = (Disclosure.unscoped.count(), Contract.unscoped.count())
    load_demo()
    assert (Disclosure.unscoped.count(), Contract.unscoped.count()) == counts
    assert counts[0] >= 8 and counts[1] == 4  # the fourth: approved by a linked resolution
    assert Contract.unscoped.filter(status="signed", employer__org__code="HP0201").exists()
