"""Home-page figures and tasks from the union tree."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home

from . import selectors
from .models import Org, OrgStatus


def figures(scope):
    if not scope.has_perm("orgs.view_org"):
        return []
    orgs = Org.objects.in_subtree(scope.org_path).filter(status=OrgStatus.ACTIVE).count()
    return [
        {"key": "orgs", "label": _("工会组织"), "value": orgs, "url": reverse("orgs:tree")},
        {"key": "employers", "label": _("单位"), "value": selectors.employers_in_scope().count(),
         "url": reverse("orgs:employers")},
    ]


def tasks(scope):
    if not scope.has_perm("orgs.view_official"):
        return []
    expiring, overdue = selectors.term_alerts()
    url = reverse("orgs:terms")
    return [
        {"label": _("已超期未换届的工会"), "count": overdue.count(), "url": url},
        {"label": _("90 天内任期届满的工会"), "count": expiring.count(), "url": url},
    ]


home.register_figures(figures)
home.register_tasks(tasks)
