"""Team leaders (班组长/队长): linked to a team by the organisers, they follow their team's
figures and rank — the frozen ranking once the board is frozen, never live results — and report
the indicators open to self-reporting, which an organiser confirms."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.contests import services
from gonghui.contests.models import ScoreEntry
from tests.conftest import acting
from tests.innovation.helpers import assign, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def comp(cast):
    with acting(cast.chair_a):
        campaign = services.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="甲工会节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
        saving = services.add_indicator(
            actor=cast.chair_a, campaign=campaign, name="节能量", unit="吨", weight=60
        )
        ideas = services.add_indicator(
            actor=cast.chair_a,
            campaign=campaign,
            name="小改小革",
            unit="项",
            weight=40,
            min_value=0,
            max_value=50,
            self_reported=True,
        )
        one = services.add_team(
            actor=cast.chair_a, campaign=campaign, name="甲工会一班", unit=cast.union_a
        )
        two = services.add_team(
            actor=cast.chair_a, campaign=campaign, name="甲工会二班", unit=cast.union_a
        )
        services.start_campaign(actor=cast.chair_a, campaign=campaign)
    cast.member = make_member(cast.union_a, "甲工会马骏", user=cast.member_user)
    with acting(cast.chair_a):
        services.set_team_leader(actor=cast.chair_a, team=one, user=cast.member_user)
    cast.campaign, cast.saving, cast.ideas, cast.one, cast.two = campaign, saving, ideas, one, two
    return cast


def enter(cast, team, indicator, value, period="2026-03"):
    with acting(cast.staff_a):
        entry = services.enter_score(
            actor=cast.staff_a, team=team, indicator=indicator, period=period, value=value
        )
    with acting(cast.chair_a):
        services.confirm_entry(actor=cast.chair_a, entry=entry)
    return entry


def submit(cast, team, indicator, value, period="2026-03", user=None):
    user = user or cast.member_user
    with acting(user):
        return services.submit_team_score(
            actor=user, team=team, indicator=indicator, period=period, value=value
        )


def test_leader_must_belong_to_the_team_unit(comp):
    outsider = make_user("b-worker", "乙职工")
    assign(outsider, comp.union_b, "member")
    with acting(comp.chair_a), pytest.raises(ValidationError, match="班组长须为"):
        services.set_team_leader(actor=comp.chair_a, team=comp.two, user=outsider)
    with acting(comp.reviewer):  # a reviewer may not manage the campaign set-up
        with pytest.raises(PermissionDenied):
            services.set_team_leader(actor=comp.reviewer, team=comp.two, user=comp.member_user)
    comp.one.refresh_from_db()
    assert comp.one.leader_user == comp.member_user and comp.one.leader == "甲会员"


def test_organiser_links_a_leader_by_card_number(comp, login):
    worker = make_user("a-worker", "甲职工乙")
    member = make_member(comp.group_a, "甲工会周建华", user=worker)
    response = login(comp.chair_a).post(
        f"/contests/{comp.campaign.pk}/team-leader/",
        {"team": comp.two.pk, "who": member.card_number},
    )
    assert response.status_code == 302
    comp.two.refresh_from_db()
    assert comp.two.leader_user == worker
    no_login = make_member(comp.union_a, "甲工会无账号")
    login(comp.chair_a).post(
        f"/contests/{comp.campaign.pk}/team-leader/",
        {"team": comp.two.pk, "who": no_login.card_number},
    )
    comp.two.refresh_from_db()
    assert comp.two.leader_user == worker  # refused: that member has no login
    login(comp.chair_a).post(
        f"/contests/{comp.campaign.pk}/team-leader/", {"team": comp.two.pk, "who": ""}
    )
    comp.two.refresh_from_db()
    assert comp.two.leader_user is None


def test_leader_submits_self_reported_figure_organiser_confirms(comp):
    entry = submit(comp, comp.one, comp.ideas, "6")
    assert entry.entered_by == comp.member_user and entry.confirmed_at is None
    # A member holds no confirming permission, and the author may never confirm.
    with acting(comp.member_user), pytest.raises(PermissionDenied):
        services.confirm_entry(actor=comp.member_user, entry=entry)
    with acting(comp.chair_a):
        services.confirm_entry(actor=comp.chair_a, entry=entry)
    entry.refresh_from_db()
    assert entry.confirmed_by == comp.chair_a


def test_leader_corrects_own_pending_figure_but_not_a_confirmed_one(comp):
    first = submit(comp, comp.one, comp.ideas, "6")
    second = submit(comp, comp.one, comp.ideas, "7")
    assert second.supersedes == first
    with acting(comp.chair_a):
        services.confirm_entry(actor=comp.chair_a, entry=second)
    with pytest.raises(ValidationError, match="联系组织者"):
        submit(comp, comp.one, comp.ideas, "9")
    assert ScoreEntry.objects.get(team=comp.one, is_current=True).value == Decimal("7.00")


def test_leader_limits(comp):
    # Not open to self-reporting.
    with pytest.raises(PermissionDenied, match="组织者填报"):
        submit(comp, comp.one, comp.saving, "5")
    # Another team: it does not exist for this leader.
    with pytest.raises(Http404):
        submit(comp, comp.two, comp.ideas, "5")
    # Out of the indicator's range and outside the campaign.
    with pytest.raises(ValidationError, match="不能大于 50"):
        submit(comp, comp.one, comp.ideas, "51")
    with pytest.raises(ValidationError, match="竞赛周期"):
        submit(comp, comp.one, comp.ideas, "5", period="2027-01")
    # An organiser's figure is corrected by the organisers.
    enter(comp, comp.one, comp.ideas, "3", period="2026-04")
    with pytest.raises(ValidationError, match="联系组织者"):
        submit(comp, comp.one, comp.ideas, "5", period="2026-04")
    assert not ScoreEntry.objects.filter(entered_by=comp.member_user).exists()


def test_team_page_shows_rank_and_figures(comp, login):
    enter(comp, comp.one, comp.saving, "10")
    enter(comp, comp.two, comp.saving, "20")
    page = login(comp.member_user).get(f"/contests/teams/{comp.one.pk}/").content.decode()
    assert 'id="team-rank">2<' in page
    assert "共 2 个班组参赛" in page
    # figures as people write them: whole numbers without ".00"
    assert "<strong>10</strong>" in page and "<strong>20</strong>" not in page
    assert 'id="team-entry-form"' in page


def test_frozen_board_leader_sees_frozen_ranking_organiser_sees_live(comp, login):
    enter(comp, comp.one, comp.saving, "10")
    enter(comp, comp.two, comp.saving, "20")
    with acting(comp.chair_a):
        services.freeze_board(actor=comp.chair_a, campaign=comp.campaign)
    enter(comp, comp.one, comp.saving, "37", period="2026-04")  # after the freeze: 47 vs 20
    leader_page = login(comp.member_user).get(f"/contests/teams/{comp.one.pk}/")
    body = leader_page.content.decode()
    assert "已封榜" in body
    assert 'id="team-rank">2<' in body
    assert "<strong>10</strong>" in body and "<strong>47</strong>" not in body
    organiser = login(comp.chair_a).get(f"/contests/teams/{comp.one.pk}/").content.decode()
    assert 'id="team-rank">1<' in organiser and "<strong>47</strong>" in organiser
    assert "实时排名（组织者可见）" in organiser
    assert 'id="team-entry-form"' not in organiser  # organisers use the entry page


def test_leader_posts_from_the_page(comp, login):
    client = login(comp.member_user)
    response = client.post(
        f"/contests/teams/{comp.one.pk}/",
        {"indicator": comp.ideas.pk, "period": "2026-05", "value": "4", "note": "两项工装"},
    )
    assert response.status_code == 302
    entry = ScoreEntry.objects.get(team=comp.one)
    assert (entry.value, entry.period, entry.note) == (Decimal("4.00"), "2026-05", "两项工装")
    # The organisers' indicator is not offered; a forged choice is refused by the form.
    response = client.post(
        f"/contests/teams/{comp.one.pk}/",
        {"indicator": comp.saving.pk, "period": "2026-05", "value": "4"},
    )
    assert response.status_code == 200 and ScoreEntry.objects.count() == 1
    # Someone who is not the leader may not post for the team.
    assert (
        login(comp.chair_a)
        .post(
            f"/contests/teams/{comp.one.pk}/",
            {"indicator": comp.ideas.pk, "period": "2026-06", "value": "4"},
        )
        .status_code
        == 403
    )
    assert ScoreEntry.objects.count() == 1


def test_who_may_open_a_team_page(comp, login):
    url = f"/contests/teams/{comp.one.pk}/"
    assert login(comp.member_user).get(url).status_code == 200
    assert login(comp.chair_b).get(url).status_code == 404
    assert login(comp.member_user).get(f"/contests/teams/{comp.two.pk}/").status_code == 403
    colleague = make_user("a-colleague", "甲同事")
    assign(colleague, comp.group_a, "member")
    assert login(colleague).get(url).status_code == 404  # union A's team is above group A
    with acting(comp.chair_a):
        services.set_team_leader(actor=comp.chair_a, team=comp.two, user=colleague)
    assert login(colleague).get(f"/contests/teams/{comp.two.pk}/").status_code == 200


def test_my_teams_and_home_reminder(comp, login):
    client = login(comp.member_user)
    page = client.get("/contests/my-teams/").content.decode()
    assert "甲工会一班" in page and "甲工会二班" not in page
    assert "/contests/my-teams/" in client.get("/").content.decode()
    assert "甲工会一班" not in login(comp.chair_b).get("/contests/my-teams/").content.decode()
