"""J8: competition winners are nominated from the competition's results, not re-typed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.contests import services as contest_services
from gonghui.honours import services
from gonghui.honours.models import Nomination
from tests.conftest import acting
from tests.honours.conftest import make_round

pytestmark = pytest.mark.django_db


def running_team(actor, org, theme, unit):
    """A running competition of ``org`` with one indicator and one team of ``unit``."""
    with acting(actor):
        campaign = contest_services.create_campaign(
            actor=actor,
            org=org,
            theme=theme,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            goals=["safety"],
        )
        contest_services.add_indicator(actor=actor, campaign=campaign, name="隐患整改", weight=1)
        team = contest_services.add_team(
            actor=actor, campaign=campaign, name="甲工会焊接一班", unit=unit
        )
        contest_services.start_campaign(actor=actor, campaign=campaign)
    return team


@pytest.fixture
def team(cast):
    return running_team(cast.chair_a, cast.union_a, "甲工会安全生产竞赛", cast.union_a)


def test_a_team_is_nominated_from_the_results_page_without_retyping(cast, login, team):
    round_ = make_round(
        cast.district_admin, cast.district, award_type="worker_pioneer", title="工人先锋号评选"
    )
    client = login(cast.chair_a)
    results = client.get(f"/honours/rounds/{round_.pk}/nominate/from-results/").content.decode()
    assert "甲工会安全生产竞赛" in results and "甲工会焊接一班" in results
    link = f"/honours/rounds/{round_.pk}/nominate/?team={team.pk}"
    assert link in results
    page = client.get(link).content.decode()
    assert 'value="甲工会焊接一班"' in page
    assert "甲工会安全生产竞赛：当前排名第 1 名" in page
    done = client.post(
        link,
        {
            "org": cast.union_a.pk,
            "nominee_name": "甲工会焊接一班",
            "employer": cast.employer_a.pk,
            "reference": "甲工会安全生产竞赛：当前排名第 1 名（综合得分 0.00）",
            "deeds": "甲工会焊接一班全年零事故。",
            "source_team": team.pk,
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    nomination = Nomination.unscoped.get(round=round_)
    assert (nomination.source_team_id, nomination.nominee_name) == (team.pk, "甲工会焊接一班")
    detail = client.get(f"/honours/nominations/{nomination.pk}/").content.decode()
    assert f'href="/contests/{team.campaign_id}/"' in detail
    again = client.get(f"/honours/rounds/{round_.pk}/nominate/from-results/").content.decode()
    assert f'href="/honours/nominations/{nomination.pk}/"' in again


def test_a_team_is_nominated_once_and_only_for_a_team_award(cast, team):
    pioneer = make_round(cast.district_admin, cast.district, award_type="worker_pioneer")
    medal = make_round(cast.district_admin, cast.district)
    kwargs = dict(
        org=cast.union_a,
        deeds="事迹",
        nominee_name=team.name,
        employer=cast.employer_a,
        source_team=team,
    )
    with acting(cast.chair_a):
        services.submit_nomination(actor=cast.chair_a, round_=pioneer, **kwargs)
        with pytest.raises(ValidationError, match="已在本次评选中被推荐"):
            services.submit_nomination(actor=cast.chair_a, round_=pioneer, **kwargs)
        with pytest.raises(ValidationError, match="只能推荐集体"):
            services.submit_nomination(actor=cast.chair_a, round_=medal, member=None, **kwargs)


def test_another_unions_team_cannot_be_prefilled(cast, login, team):
    round_ = make_round(cast.district_admin, cast.district, award_type="worker_pioneer")
    client = login(cast.chair_b)
    assert client.get(f"/honours/rounds/{round_.pk}/nominate/?team={team.pk}").status_code == 404
    results = client.get(f"/honours/rounds/{round_.pk}/nominate/from-results/").content.decode()
    assert "甲工会焊接一班" not in results and "甲工会安全生产竞赛" not in results


def test_the_reference_links_the_competition_only_for_who_may_open_it(cast, login):
    """The district enters union A's nomination of a team of the district's own competition:
    union A sees the nomination and its reference, but as text, since the competition's page is
    the district's (it answered 404; found by crawling the demo as 东湖钢铁's chair)."""
    team = running_team(cast.district_admin, cast.district, "全区安全生产竞赛", cast.union_a)
    campaign = team.campaign
    round_ = make_round(
        cast.district_admin, cast.district, award_type="worker_pioneer", title="工人先锋号评选"
    )
    with acting(cast.district_admin):
        nomination = services.submit_nomination(
            actor=cast.district_admin,
            round_=round_,
            org=cast.union_a,
            employer=cast.employer_a,
            nominee_name="甲工会焊接一班",
            reference="全区安全生产竞赛：当前排名第 1 名",
            deeds="全年零事故。",
            source_team=team,
        )
    url = f"/honours/nominations/{nomination.pk}/"
    link = f'href="/contests/{campaign.pk}/"'
    chair, district = login(cast.chair_a), login(cast.district_admin)
    page = chair.get(url).content.decode()
    assert "全区安全生产竞赛：当前排名第 1 名" in page and link not in page
    assert chair.get(f"/contests/{campaign.pk}/").status_code == 404
    assert link in district.get(url).content.decode()
    assert district.get(f"/contests/{campaign.pk}/").status_code == 200
