"""A team leader on a 390 px phone: opens their team from "我的班组竞赛", sees the frozen
ranking (not the live one), reports a self-reported figure and sees it waiting for the
organisers' confirmation."""

import datetime
import os

import pytest
from django.urls import get_resolver

from gonghui.contests import services
from gonghui.contests.models import ScoreEntry
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot
from tests.innovation.helpers import make_member

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


def _confirmed(cast, team, indicator, value, period):
    with acting(cast.staff_a):
        entry = services.enter_score(
            actor=cast.staff_a, team=team, indicator=indicator, period=period, value=value
        )
    with acting(cast.chair_a):
        services.confirm_entry(actor=cast.chair_a, entry=entry)


@pytest.mark.django_db(transaction=True)
def test_team_leader_follows_frozen_board_and_reports_on_phone(cast, live_server, phone):
    get_resolver().url_patterns  # noqa: B018  (load the URLconf while scopes are off)
    today = datetime.date.today()
    with acting(cast.chair_a):
        campaign = services.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="同舟共济保增长、建功立业促发展",
            start_date=today.replace(day=1) - datetime.timedelta(days=62),
            end_date=today + datetime.timedelta(days=30),
        )
        saving = services.add_indicator(
            actor=cast.chair_a, campaign=campaign, name="节能量", unit="吨标煤", weight=70
        )
        ideas = services.add_indicator(
            actor=cast.chair_a,
            campaign=campaign,
            name="节能小改小革",
            unit="项",
            weight=30,
            min_value=0,
            max_value=50,
            self_reported=True,
        )
        teams = [
            services.add_team(actor=cast.chair_a, campaign=campaign, name=name, unit=cast.union_a)
            for name in ("甲工会一车间焊装班", "甲工会二车间机加班", "甲工会三车间装配班")
        ]
        services.start_campaign(actor=cast.chair_a, campaign=campaign)
    make_member(cast.union_a, "甲工会马骏", user=cast.member_user)
    with acting(cast.chair_a):
        services.set_team_leader(actor=cast.chair_a, team=teams[0], user=cast.member_user)
    period = f"{today:%Y-%m}"
    for team, value in zip(teams, ("18", "25", "12"), strict=True):
        _confirmed(cast, team, saving, value, period)
    with acting(cast.chair_a):
        services.freeze_board(actor=cast.chair_a, campaign=campaign)
    _confirmed(
        cast, teams[0], saving, "30", f"{today.replace(day=1) - datetime.timedelta(days=1):%Y-%m}"
    )

    log_in(phone, live_server, "member-a", PASSWORD)
    phone.goto(f"{live_server.url}/contests/my-teams/")
    phone.click("#my-teams a")
    phone.wait_for_selector("#team-rank")
    # Frozen: second of three (live it would be first with 48 t).
    assert phone.inner_text("#team-rank").strip() == "2"
    assert "已封榜" in phone.inner_text("#board-kind")
    figures = phone.inner_text("#team-figures")  # figures as written: 18, not 18.00
    assert "48 吨" not in figures
    assert "18 吨" in figures
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "contests-team-leader-390")

    phone.select_option("select[name=indicator]", str(ideas.pk))
    phone.fill("input[name=period]", period)
    phone.fill("input[name=value]", "3")
    phone.fill("input[name=note]", "焊枪支架、余料回收箱、节电开关")
    phone.click("#submit-entry")
    phone.wait_for_selector("#my-entries .badge")
    assert "待确认" in phone.inner_text("#my-entries")
    entry = ScoreEntry.objects.get(team=teams[0], indicator=ideas)
    assert entry.entered_by == cast.member_user and entry.confirmed_at is None
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "contests-team-leader-submitted-390")
