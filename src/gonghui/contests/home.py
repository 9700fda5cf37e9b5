"""Home-page figures and tasks of competitions."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home

from .models import Campaign, CampaignStatus, ScoreEntry


def figures(scope):
    if not scope.has_perm("contests.view_campaign"):
        return []
    from . import selectors

    running = selectors.campaigns().filter(status=CampaignStatus.RUNNING).count()
    return [
        {
            "key": "campaigns",
            "label": _("进行中的劳动竞赛"),
            "value": running,
            "url": reverse("contests:list"),
        }
    ]


def tasks(scope):
    if not scope.has_perm("contests.confirm_score"):
        return []
    waiting = (
        # Entries of the campaigns organised in the scope (not of teams of its units in others').
        ScoreEntry.objects.filter(
            team__campaign__in=Campaign.objects.all(),
            is_current=True,
            confirmed_at__isnull=True,
        )
        .exclude(entered_by=scope.user)
        .select_related("team__campaign", "indicator")
        .order_by("team__campaign_id", "id")
    )
    return [
        {
            "key": "contests-entries-to-confirm",
            "label": _("待确认的竞赛数据"),
            "items": waiting,
            "link": lambda e: reverse("contests:detail", args=[e.team.campaign_id]),
            "describe": lambda e: (
                f"{e.team.campaign.theme} · {e.team.name} · {e.indicator.name} · {e.period}"
            ),
        }
    ]


def leader_tasks(scope):
    """A team leader's reminder: the running campaigns in which they lead a team."""
    from .models import Team
    from .services import leads

    teams = Team.objects.filter(
        leader_user=scope.user, campaign__status=CampaignStatus.RUNNING
    ).select_related("unit", "campaign")
    mine = [team.pk for team in teams if leads(scope.user, team, scope)]
    return [
        {
            "key": "contests-my-teams",
            "label": _("我带领的竞赛班组"),
            "items": teams.filter(pk__in=mine).order_by("id"),
            "link": lambda team: reverse("contests:team", args=[team.pk]),
            "describe": lambda team: f"{team.campaign.theme} · {team.name}",
        }
    ]


home.register_figures(figures)
home.register_tasks(leader_tasks)
home.register_tasks(tasks)
