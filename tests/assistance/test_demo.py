import pytest

from gonghui.assistance import demo as assistance_demo
from gonghui.assistance.models import Cycle, Entitlement, HardshipFile
from gonghui.core import demo

pytestmark = pytest.mark.django_db


def test_demo_step_loads_files_at_stages_and_cycles_twice_without_change(settings):
    with demo.scopes_disabled(), demo.transaction.atomic():
        orgs = demo._load_tree()
        demo._load_users(orgs)
        assistance_demo.load(orgs)
        assistance_demo.load(orgs)  # idempotent
    statuses = sorted(HardshipFile.unscoped.values_list("status", flat=True))
    assert statuses == ["draft", "filed", "notice"]
    assert {c.programme.kind for c in Cycle.unscoped.all()} == {"warmth", "education"}
    assert Entitlement.unscoped.filter(status="approved").count() == 1
    from gonghui.assistance.models import JoblessWorker

    assert JoblessWorker.unscoped.get().services.count() == 2
    assert HardshipFile.unscoped.get(status="filed").category == "deep"
