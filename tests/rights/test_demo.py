import pytest

from gonghui.core import demo
from gonghui.orgs import demo as orgs_demo
from gonghui.rights import demo as rights_demo
from gonghui.rights.models import Case, HomeRating, WorkerRequest

pytestmark = pytest.mark.django_db


def test_demo_step_is_idempotent_and_realistic():
    orgs = demo._load_tree()
    orgs_demo.load_employers(orgs)
    orgs_demo.load_terms(orgs)
    demo._load_users(orgs)
    rights_demo.load(orgs)
    rights_demo.load(orgs)
    requests = WorkerRequest.unscoped.all()
    assert requests.count() == 5
    urgent = requests.get(title=rights_demo.URGENT_TITLE)
    assert urgent.is_urgent and urgent.affected_workers == 40 and urgent.org.code == "HP01"
    assert requests.filter(escalation_count=1, org__code="HP01").count() == 1
    overdue = requests.get(title="试用期未缴纳社会保险")
    assert overdue.is_overdue() and overdue.org.code == "HP0101"
    assert requests.filter(is_anonymous=True, submitter=None, contact_phone="").count() == 1
    assert Case.unscoped.get().request == urgent
    assert HomeRating.unscoped.filter(level="模范职工之家").count() == 1
