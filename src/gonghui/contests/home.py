"""Home-page figures and tasks of competitions."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home
from gonghui.core.scoping import subtree_q

from .models import CampaignStatus, ScoreEntry


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
        ScoreEntry.objects.filter(
            subtree_q(scope.org_path, "team__campaign__org__path"),
            is_current=True,
            confirmed_at__isnull=True,
        )
        .exclude(entered_by=scope.user)
        .count()
    )
    return [{"label": _("待确认的竞赛数据"), "count": waiting, "url": reverse("contests:list")}]


def leader_tasks(scope):
    """A team leader's reminder: the running campaigns in which they lead a team."""
    from .models import Team
    from .services import leads

    teams = Team.objects.filter(
        leader_user=scope.user, campaign__status=CampaignStatus.RUNNING
    ).select_related("unit")
    count = sum(1 for team in teams if leads(scope.user, team, scope))
    return [{"label": _("我带领的竞赛班组"), "count": count, "url": reverse("contests:my_teams")}]


home.register_figures(figures)
home.register_tasks(leader_tasks)
home.register_tasks(tasks)
