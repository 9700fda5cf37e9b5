"""API of competitions and skill contests (scoped like the pages; writes through services)."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from gonghui.core.api_helpers import created, paged_list
from gonghui.core.api_types import Figure, WithOrg
from gonghui.core.scoping import get_scoped_or_404

from . import selectors, services
from .models import Campaign, ScoreEntry

router = Router()


class CampaignOut(WithOrg):
    id: int
    theme: str
    org_code: str
    start_date: datetime.date
    end_date: datetime.date
    status: str
    goals: list[str]
    frozen_at: datetime.datetime | None
    public_key: str

    @staticmethod
    def resolve_public_key(obj):
        return str(obj.public_key)


class BoardRow(Schema):
    rank: int
    team_id: int
    team: str
    unit: str
    total: str
    values: list[str | None]


class BoardOut(Schema):
    tie_rule: str
    rounding: str
    computed_at: str
    rows: list[BoardRow]


class EntryIn(Schema):
    team_id: int
    indicator_id: int
    period: str
    value: Figure
    note: str = ""


class EntryOut(Schema):
    id: int
    team_id: int
    indicator_id: int
    period: str
    value: Decimal
    entered_by_id: int
    confirmed_by_id: int | None
    supersedes_id: int | None
    is_current: bool


class ResultOut(Schema):
    rank: int
    contestant_id: int
    number: str
    name: str
    final: Decimal | None
    prize: str


class RoundResultOut(ResultOut):
    judges: int
    advances: bool


class RoundOut(Schema):
    id: int
    stage: str
    stage_label: str
    advance_count: int | None
    closed_at: datetime.datetime | None
    score_rule: str
    results: list[RoundResultOut]


def _result_row(r):
    return {
        "rank": r["rank"],
        "contestant_id": r["contestant"].pk,
        "number": r["contestant"].number,
        "name": r["contestant"].member.name,
        "final": r["final"],
        "prize": r["prize"],
        "judges": r.get("judges", 0),
        "advances": r.get("advances", False),
    }


def _campaign(campaign_id, permission=None):
    return get_scoped_or_404(selectors.campaigns(), permission, pk=campaign_id)


@paged_list(router, "/campaigns", CampaignOut, "contests.view_campaign", summary="劳动竞赛列表")
def list_campaigns(request):
    return selectors.campaigns()


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="劳动竞赛详情")
def get_campaign(request, campaign_id: int):
    return _campaign(campaign_id, "contests.view_campaign")


@router.get("/campaigns/{campaign_id}/board", response=BoardOut, summary="实时排名（组织者）")
def board(request, campaign_id: int):
    return selectors.live_board(_campaign(campaign_id, "contests.view_campaign"))


@router.post("/campaigns/{campaign_id}/entries", response={201: EntryOut}, summary="填报数据")
def enter(request, campaign_id: int, payload: EntryIn):
    campaign = _campaign(campaign_id, "contests.enter_score")
    team = campaign.teams.filter(pk=payload.team_id).first()
    indicator = campaign.indicators.filter(pk=payload.indicator_id).first()
    if team is None or indicator is None:
        raise Http404
    entry = services.enter_score(
        actor=request.user,
        team=team,
        indicator=indicator,
        period=payload.period,
        value=payload.value,
        note=payload.note,
    )
    return created(entry)


@router.post("/entries/{entry_id}/confirmation", response=EntryOut, summary="确认数据（第二人）")
def confirm(request, entry_id: int):
    entry = get_scoped_or_404(
        ScoreEntry.objects.filter(team__campaign__in=Campaign.objects.all()),
        "contests.confirm_score",
        pk=entry_id,
    )
    return services.confirm_entry(actor=request.user, entry=entry)


@router.post("/campaigns/{campaign_id}/freeze", response=CampaignOut, summary="封榜")
def freeze(request, campaign_id: int):
    campaign = _campaign(campaign_id, "contests.freeze_board")
    return services.freeze_board(actor=request.user, campaign=campaign)


@router.get(
    "/campaigns/{campaign_id}/top-teams",
    response=list[BoardRow],
    summary="排名靠前的班组（供评先评优推荐）",
)
def top_teams(request, campaign_id: int, limit: int = 3):
    return selectors.top_teams(_campaign(campaign_id, "contests.view_campaign"), limit=limit)


@router.get("/events/{event_id}/results", response=list[ResultOut], summary="技能比武成绩")
def event_results(request, event_id: int):
    event = get_scoped_or_404(selectors.events(), "contests.view_event", pk=event_id)
    return [_result_row(r) for r in selectors.top_contestants(event)]


@router.get("/events/{event_id}/rounds", response=list[RoundOut], summary="技能比武各轮成绩与晋级")
def event_rounds(request, event_id: int):
    event = get_scoped_or_404(selectors.events(), "contests.view_event", pk=event_id)
    rule = selectors.rule_text(event)
    return [
        {
            "id": r.pk,
            "stage": r.stage,
            "stage_label": r.get_stage_display(),
            "advance_count": r.advance_count,
            "closed_at": r.closed_at,
            "score_rule": rule,
            "results": [_result_row(row) for row in selectors.round_results(r)],
        }
        for r in event.rounds.all()
    ]
