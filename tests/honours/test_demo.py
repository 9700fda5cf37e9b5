import pytest

from gonghui.core import demo as core_demo
from gonghui.honours import demo
from gonghui.honours.models import AwardRound, Nomination, Objection, Recusal

pytestmark = pytest.mark.django_db


def test_demo_round_has_notice_with_objection_and_is_idempotent():
    orgs = core_demo._load_tree()
    core_demo._load_employers(orgs)
    core_demo._load_users(orgs)
    demo.load(orgs)
    demo.load(orgs)
    round_ = AwardRound.unscoped.get(title=demo.TITLE)
    nominations = Nomination.unscoped.filter(round=round_)
    assert {n.org.code for n in nominations} == {"HP0101", "HP0201"}
    assert sorted(nominations.values_list("status", flat=True)) == [
        "awarded",
        "in_notice",
        "under_review",
        "under_review",
        "under_review",
    ]
    noticed = nominations.get(status="in_notice")
    assert Objection.unscoped.filter(nomination=noticed, status="open").count() == 1
    assert Recusal.objects.filter(nomination__round=round_, automatic=True).count() == 2
    assert nominations.get(status="awarded").certificate_no
