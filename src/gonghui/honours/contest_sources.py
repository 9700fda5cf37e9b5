"""Nominations from competition results (J8): the ranked results of labour competitions (teams,
for a team award such as 工人先锋号) and skill contests (contestants, for an individual award)
that a nomination can start from, and the prefilled nomination of one result. Scoped reads."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.contests import selectors as contest_selectors
from gonghui.contests.models import Campaign, CampaignStatus, Contestant, SkillEvent, Team
from gonghui.core.scoping import current_scope
from gonghui.orgs.models import Employer

from .models import ACTIVE_STATUSES, Nomination, NomineeKind

LIMIT = 10


def _taken(round_, field):
    rows = Nomination.objects.filter(
        round=round_, status__in=ACTIVE_STATUSES, **{f"{field}__isnull": False}
    ).values_list(f"{field}_id", "pk")
    return dict(rows)


def contest_results(round_, limit=LIMIT):
    """Per competition (or contest) in scope, its best ``limit`` places, each with the
    nomination already made from it in this round (if any)."""
    kind = round_.nominee_kind
    if kind == NomineeKind.TEAM:
        taken = _taken(round_, "source_team")
        campaigns = Campaign.objects.exclude(status=CampaignStatus.DRAFT).select_related("org")
        return [
            {
                "campaign": c,
                "final": bool(c.final_board),
                "rows": [
                    {**row, "nomination": taken.get(row["team_id"])}
                    for row in contest_selectors.top_teams(c, limit)
                ],
            }
            for c in campaigns[:LIMIT]
        ]
    if kind == NomineeKind.INDIVIDUAL:
        taken = _taken(round_, "source_contestant")
        return [
            {
                "event": e,
                "final": e.results_published,
                "rows": [
                    {**row, "nomination": taken.get(row["contestant"].pk)}
                    for row in contest_selectors.top_contestants(e, limit)
                    if row["final"] is not None
                ],
            }
            for e in SkillEvent.objects.select_related("org")[:LIMIT]
        ]
    return []


def visible_teams():
    return Team.objects.filter(campaign__in=Campaign.objects.all())


def visible_contestants():
    return Contestant.objects.filter(event__in=SkillEvent.objects.all())


def team_place(team):
    row = next(
        (r for r in contest_selectors.top_teams(team.campaign) if r["team_id"] == team.pk), None
    )
    return (row["rank"], row["total"]) if row else (None, None)


def contestant_place(contestant):
    rows = contest_selectors.top_contestants(contestant.event)
    row = next((r for r in rows if r["contestant"].pk == contestant.pk), None)
    return (row["rank"], row["final"]) if row else (None, None)


def source_url(nomination):
    """The page of the competition (or contest) a nomination's reference cites, when the viewer
    may open it; else None and the reference shows as text (a union sees its nomination of a
    team in the district's competition, not the competition's own pages)."""
    scope = current_scope(required=False)
    if scope is None:
        return None
    if nomination.source_team_id:
        campaign_id = nomination.source_team.campaign_id
        if scope.has_perm("contests.view_campaign") and (
            Campaign.objects.filter(pk=campaign_id).exists()
        ):
            return reverse("contests:detail", args=[campaign_id])
    elif nomination.source_contestant_id:
        event_id = nomination.source_contestant.event_id
        if scope.has_perm("contests.view_event") and (
            SkillEvent.objects.filter(pk=event_id).exists()
        ):
            return reverse("contests:event", args=[event_id])
    return None


def reference_for(*, team=None, contestant=None):
    """The reference line of a nomination from a result: the competition, the place, the score."""
    if team is not None:
        rank, total = team_place(team)
        final = _("最终排名") if team.campaign.final_board else _("当前排名")
        return _("{theme}：{final}第 {rank} 名（综合得分 {total}）").format(
            theme=team.campaign.theme, final=final, rank=rank, total=total
        )
    rank, final = contestant_place(contestant)
    return _("{name}：第 {rank} 名（成绩 {final}）").format(
        name=contestant.event.name, rank=rank, final=final
    )


def prefill(round_, *, team_id=None, contestant_id=None):
    """The initial values of a nomination from one result (404 outside the scope)."""
    kind = round_.nominee_kind
    if team_id is not None and kind == NomineeKind.TEAM:
        team = visible_teams().select_related("campaign", "unit").filter(pk=team_id).first()
        if team is None:
            raise Http404
        employer = Employer.objects.filter(org=team.unit, is_active=True).order_by("id").first()
        reference = reference_for(team=team)
        return {
            "source_team": team.pk,
            "nominee_name": team.name,
            "employer": employer.pk if employer else None,
            "org": team.unit_id if team.unit.kind != "group" else team.unit.get_parent().pk,
            "reference": reference,
            "deeds": _("{name}在{reference}。").format(name=team.name, reference=reference),
        }
    if contestant_id is not None and kind == NomineeKind.INDIVIDUAL:
        contestant = (
            visible_contestants().select_related("event", "member__org").filter(pk=contestant_id)
        ).first()
        if contestant is None:
            raise Http404
        reference = reference_for(contestant=contestant)
        return {
            "source_contestant": contestant.pk,
            "member_name": contestant.member.name,
            "member_key": contestant.member.card_number,
            "org": contestant.member.org_id,
            "reference": reference,
            "deeds": _("{name}在{reference}。").format(
                name=contestant.member.name, reference=reference
            ),
        }
    raise Http404
