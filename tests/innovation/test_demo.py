from decimal import Decimal

import pytest

from gonghui.contests import demo as contests_demo
from gonghui.contests.models import Campaign
from gonghui.core import demo
from gonghui.innovation import demo as innovation_demo
from gonghui.innovation.models import Proposal, ProposalStatus
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def test_demo_steps_load_every_stage_and_are_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    orgs = demo._load_tree()
    orgs_demo.load_employers(orgs)
    demo._load_users(orgs)
    for _ in range(2):
        innovation_demo.load(orgs)
        contests_demo.load(orgs)
    statuses = set(Proposal.unscoped.values_list("status", flat=True))
    assert {
        ProposalStatus.PAID,
        ProposalStatus.UNDER_REVIEW,
        ProposalStatus.IMPLEMENTING,
        ProposalStatus.GENERAL_OPINION,
        ProposalStatus.SUBMITTED,
    } <= statuses
    # A proposal waits for both engineers' marks: their home's to-do.
    waiting = Proposal.unscoped.get(title="空压机余热回收用于车间供暖")
    assert waiting.status == ProposalStatus.UNDER_REVIEW
    owed = waiting.reviews.filter(submitted_at__isnull=True)
    assert sorted(owed.values_list("reviewer__username", flat=True)) == ["engineer-1", "engineer-2"]
    paid = Proposal.unscoped.get(status=ProposalStatus.PAID)
    assert (paid.actual_benefit, paid.reward_amount) == (Decimal("180000.00"), Decimal("940.00"))
    assert paid.author.user.username == "member-a"
    campaign = Campaign.unscoped.get()
    assert campaign.teams.count() == 8
    assert campaign.is_frozen and len(campaign.frozen_board["rows"]) == 8
    leader_team = campaign.teams.get(name="华强机械一车间焊装班")
    assert leader_team.leader_user.username == "member-a"
    reported = leader_team.entries.filter(entered_by=leader_team.leader_user)
    assert reported.count() == 1 and reported.get().confirmed_at is None
    assert campaign.indicators.filter(self_reported=True).count() == 1
