"""Home-page figures and tasks from the union tree."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core import home
from gonghui.core.text.punctuation import annotated

from . import selectors
from .models import Org, OrgStatus


def figures(scope):
    if not scope.has_perm("orgs.view_org"):
        return []
    from gonghui.reports.figures import subtree_figures

    orgs = Org.objects.in_subtree(scope.org_path).filter(status=OrgStatus.ACTIVE).count()
    # 单位: the active employers of the subtree from the one source of figures (the same as the
    # coverage dashboard, the API and the annual return), with its time.
    f = subtree_figures(Org.objects.get(path=scope.org_path))
    return [
        {"key": "orgs", "label": _("工会组织"), "value": orgs, "url": reverse("orgs:tree")},
        {"key": "employers", "label": pgettext("employers, plural", "单位"), "value": f.employers,
         "url": reverse("orgs:employers"), "as_of": f.as_of},
    ]  # fmt: skip


def tasks(scope):
    if not scope.has_perm("orgs.view_official"):
        return []
    expiring, overdue = selectors.term_alerts()

    def link(term):
        return reverse("orgs:detail", args=[term.org.code])

    def describe(term):
        return annotated(term.org.name, f"{term.end_date:%Y-%m-%d}")

    return [
        {"key": "orgs-terms-overdue", "label": _("已超期未换届的工会"), "items": overdue,
         "link": link, "describe": describe},
        {"key": "orgs-terms-expiring", "label": _("90 天内任期届满的工会"), "items": expiring,
         "link": link, "describe": describe},
    ]  # fmt: skip


home.register_figures(figures)
home.register_tasks(tasks)
