"""The contests' child rows are scoped through their parents (``ViaParent``): a team wherever
its campaign is seen and on its unit's branch of the tree (its leader's), a score entry wherever
its team is, a contestant and a round wherever their event is."""

import datetime

import pytest

from gonghui.contests import home, services
from gonghui.contests.models import Contestant, ScoreEntry, SkillRound, Team
from gonghui.core.scoping import current_scope
from tests.conftest import acting
from tests.contests.samples import contestant_of_a

pytestmark = pytest.mark.django_db


def _seen(model, org):
    """The rows of ``model`` a scope rooted at ``org`` sees, by the model's declared rule."""
    return set(model.unscoped.filter(model.scope_rule.q(org.path, model)))


@pytest.fixture
def street_campaign(cast):
    """A campaign organised by the street, with a team of union A and one score entry."""
    with acting(cast.street_admin):
        campaign = services.create_campaign(
            actor=cast.street_admin,
            org=cast.street,
            theme="街道节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
        indicator = services.add_indicator(
            actor=cast.street_admin, campaign=campaign, name="节能量", weight=1
        )
        team = services.add_team(
            actor=cast.street_admin, campaign=campaign, name="甲工会一班", unit=cast.union_a
        )
        services.start_campaign(actor=cast.street_admin, campaign=campaign)
        entry = services.enter_score(
            actor=cast.street_admin, team=team, indicator=indicator, period="2026-03", value=5
        )
    return team, entry


def test_a_team_is_seen_by_its_campaign_and_on_its_units_branch(cast, street_campaign):
    team, entry = street_campaign
    for org in (cast.district, cast.street, cast.union_a, cast.group_a):
        assert _seen(Team, org) == {team}, org
        assert _seen(ScoreEntry, org) == {entry}, org
    for org in (cast.union_b, cast.other_street):
        assert _seen(Team, org) == set(), org
        assert _seen(ScoreEntry, org) == set(), org


def test_the_unit_does_not_confirm_the_organisers_entries(cast, street_campaign):
    """Union A sees its team's entry, but confirming it is the organiser's task: the unit's
    home page lists entries of the campaigns organised in its own subtree only."""
    with acting(cast.chair_a):
        assert not home.tasks(current_scope())[0]["items"].exists()
    with acting(cast.district_admin):
        assert list(home.tasks(current_scope())[0]["items"]) == [street_campaign[1]]


def test_contestants_and_rounds_are_seen_with_their_event(cast):
    contestant = contestant_of_a(cast)
    with acting(cast.chair_a):
        round_ = services.add_round(actor=cast.chair_a, event=contestant.event, stage="final")
    for org in (cast.street, cast.union_a):
        assert _seen(Contestant, org) == {contestant}
        assert _seen(SkillRound, org) == {round_}
    for org in (cast.union_b, cast.group_a):
        assert _seen(Contestant, org) == set()
        assert _seen(SkillRound, org) == set()
