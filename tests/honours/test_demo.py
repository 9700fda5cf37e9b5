import pytest

from gonghui.core import demo as core_demo
from gonghui.core.workflow import history
from gonghui.honours import demo
from gonghui.honours.models import AwardRound, AwardType, Nomination, Objection, Recusal
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def test_demo_round_runs_the_review_chain_and_is_idempotent():
    orgs = core_demo._load_tree()
    orgs_demo.load_employers(orgs)
    core_demo._load_users(orgs)
    demo.load(orgs)
    demo.load(orgs)
    round_ = AwardRound.unscoped.get(title=demo.TITLE)
    assert round_.award_type.org.code == "HP" and round_.award_type.code == "may_day_medal"
    nominations = Nomination.unscoped.filter(round=round_)
    assert {n.org.code for n in nominations} == {"HP0101", "HP0102", "HP02"}
    assert sorted(nominations.values_list("status", flat=True)) == [
        "awarded",
        "in_notice",
        "nominated",
        "under_review",
        "under_review",
        "under_review",
    ]
    # 华强's nominees went through 新华街道's review; 东湖街道's own nominations skipped it.
    assert {n.street_org.code for n in nominations.filter(org__code="HP0101")} == {"HP01"}
    assert not nominations.filter(org__code="HP02", street_org__isnull=False).exists()
    resubmitted = nominations.get(status="nominated")
    assert [e.transition for e in history(resubmitted)] == ["street_return", "resubmit"]
    noticed = nominations.get(status="in_notice")
    assert [e.transition for e in history(noticed)] == [
        "street_approve",
        "start_review",
        "approve",
        "publish_notice",
    ]
    assert Objection.unscoped.filter(nomination=noticed, status="open").count() == 1
    assert Recusal.objects.filter(nomination__round=round_, automatic=True).count() == 2
    assert nominations.get(status="awarded").certificate_no
    # award types: the district's (the former fixed list plus one) and a street's own
    district_types = set(AwardType.unscoped.filter(org__code="HP").values_list("name", flat=True))
    assert {"五一劳动奖章", "工人先锋号", "模范职工之家", "劳模创新工作室"} <= district_types
    assert AwardType.unscoped.filter(org__code="HP01").count() == 1
