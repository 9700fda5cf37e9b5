"""Home-page figures and tasks of competitions."""

from django.urls import reverse

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
            "label": "进行中的劳动竞赛",
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
    return [{"label": "待确认的竞赛数据", "count": waiting, "url": reverse("contests:list")}]


home.register_figures(figures)
home.register_tasks(tasks)
