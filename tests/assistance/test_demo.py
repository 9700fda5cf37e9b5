import pytest

from gonghui.assistance import demo as assistance_demo
from gonghui.assistance.models import (
    Cycle,
    Entitlement,
    HardshipFile,
    JoblessWorker,
    Payment,
    StartupSupport,
)
from gonghui.core import demo

pytestmark = pytest.mark.django_db


def test_demo_step_loads_files_at_stages_and_cycles_twice_without_change(settings):
    with demo.scopes_disabled(), demo.transaction.atomic():
        orgs = demo._load_tree()
        demo._load_users(orgs)
        assistance_demo.load(orgs)
        assistance_demo.load(orgs)  # idempotent
    statuses = sorted(HardshipFile.unscoped.values_list("status", flat=True))
    # One file at each stage, one of them waiting in the reviewer's queue (her home's to-do).
    assert statuses == ["draft", "filed", "notice", "visited"]
    assert {c.programme.kind for c in Cycle.unscoped.all()} == {
        "warmth",
        "education",
        "jobless",
        "startup",
    }
    # 送温暖 (1) and 下岗失业救助 (1) approved; the start-up grant waits for approval
    assert Entitlement.unscoped.filter(status="approved").count() == 2
    worker = JoblessWorker.unscoped.get(name="钱国栋")
    assert (worker.trainings.count(), worker.referrals.count()) == (1, 1)
    relief = Entitlement.unscoped.get(worker=worker)
    assert relief.cycle.programme.kind == "jobless"
    assert Payment.unscoped.get(entitlement=relief).amount == relief.amount
    assert relief.budget.used == relief.amount
    assert StartupSupport.unscoped.get().entitlement.status == "proposed"
    assert HardshipFile.unscoped.get(status="filed").category == "deep"
