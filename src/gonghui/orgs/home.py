"""Home-page figures and tasks from the union tree."""

from django.urls import reverse

from gonghui.core import home

from . import selectors
from .models import Org, OrgStatus


def figures(scope):
    if not scope.has_perm("orgs.view_org"):
        return []
    orgs = Org.objects.in_subtree(scope.org_path).filter(status=OrgStatus.ACTIVE).count()
    return [
        {"key": "orgs", "label": "工会组织", "value": orgs, "url": reverse("orgs:tree")},
        {"key": "employers", "label": "单位", "value": selectors.employers_in_scope().count(),
         "url": reverse("orgs:employers")},
    ]


def tasks(scope):
    if not scope.has_perm("orgs.view_official"):
        return []
    expiring, overdue = selectors.term_alerts()

    def link(term):
        return reverse("orgs:detail", args=[term.org.code])

    def describe(term):
        return f"{term.org.name}（{term.end_date:%Y-%m-%d}）"

    return [
        {"key": "orgs-terms-overdue", "label": "已超期未换届的工会", "items": overdue,
         "link": link, "describe": describe},
        {"key": "orgs-terms-expiring", "label": "90 天内任期届满的工会", "items": expiring,
         "link": link, "describe": describe},
    ]  # fmt: skip


home.register_figures(figures)
home.register_tasks(tasks)
