"""URL samples for tests/test_url_scoping.py: union A's campaign and skill contest."""

import datetime

from tests.conftest import acting
from tests.innovation.helpers import make_member


def campaign_of_a(cast, running=True):
    from gonghui.contests import services

    with acting(cast.chair_a):
        campaign = services.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="甲工会节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
        services.add_indicator(actor=cast.chair_a, campaign=campaign, name="甲工会节能量", weight=1)
        services.add_team(
            actor=cast.chair_a, campaign=campaign, name="甲工会一班", unit=cast.union_a
        )
        if running:
            services.start_campaign(actor=cast.chair_a, campaign=campaign)
    return campaign


def entry_of_a(cast):
    from gonghui.contests import services

    campaign = campaign_of_a(cast)
    with acting(cast.staff_a):
        return services.enter_score(
            actor=cast.staff_a,
            team=campaign.teams.get(),
            indicator=campaign.indicators.get(),
            period="2026-03",
            value=5,
        )


def event_of_a(cast):
    from gonghui.contests import services

    with acting(cast.chair_a):
        return services.create_event(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会焊工比武",
            held_on=datetime.date(2026, 5, 1),
        )


def contestant_of_a(cast):
    from gonghui.contests import services

    event = event_of_a(cast)
    member = make_member(cast.union_a, "甲工会选手")
    with acting(cast.chair_a):
        return services.add_contestant(actor=cast.chair_a, event=event, member=member, number="01")


def round_of_a(cast):
    from gonghui.contests import services

    event = event_of_a(cast)
    with acting(cast.chair_a):
        return services.add_round(actor=cast.chair_a, event=event, stage="final")


_campaign = lambda cast: {"pk": campaign_of_a(cast).pk}  # noqa: E731
_event = lambda cast: {"pk": event_of_a(cast).pk}  # noqa: E731

SAMPLES = {
    **{
        f"contests:{name}": _campaign
        for name in (
            "detail",
            "indicator_add",
            "team_add",
            "tie_rule",
            "conflict_add",
            "start",
            "freeze",
            "close",
            "entries",
            "export",
            "team_leader",
            "import_template",
        )
    },
    "contests:team": lambda cast: {"pk": campaign_of_a(cast).teams.get().pk},
    "contests:public_board": lambda cast: {"key": campaign_of_a(cast).public_key},
    "contests:entry_confirm": lambda cast: {"pk": entry_of_a(cast).pk},
    **{
        f"contests:{name}": _event
        for name in (
            "event",
            "contestant_add",
            "judge_add",
            "event_conflict_add",
            "score_add",
            "event_publish",
            "round_add",
            "criterion_add",
            "score_rule",
        )
    },
    **{
        f"contests:{name}": lambda cast: {"pk": round_of_a(cast).pk}
        for name in ("round", "round_score", "round_close")
    },
    "contests:certificate": lambda cast: {"pk": contestant_of_a(cast).pk},
}

_campaign_id = lambda cast: {"campaign_id": campaign_of_a(cast).pk}  # noqa: E731

API_SAMPLES = {
    "/api/v1/contests/campaigns/{campaign_id}": _campaign_id,
    "/api/v1/contests/campaigns/{campaign_id}/board": _campaign_id,
    "/api/v1/contests/campaigns/{campaign_id}/entries": _campaign_id,
    "/api/v1/contests/campaigns/{campaign_id}/freeze": _campaign_id,
    "/api/v1/contests/campaigns/{campaign_id}/top-teams": _campaign_id,
    "/api/v1/contests/entries/{entry_id}/confirmation": lambda cast: {
        "entry_id": entry_of_a(cast).pk
    },
    "/api/v1/contests/events/{event_id}/results": lambda cast: {"event_id": event_of_a(cast).pk},
    "/api/v1/contests/events/{event_id}/rounds": lambda cast: {
        "event_id": round_of_a(cast).event_id
    },
}

PUBLIC_ROUTES = {"contests:public_board"}
