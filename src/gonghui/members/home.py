"""Home-page figures and tasks of the members module."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import ApplicationStatus, JoinApplication
from .selectors import transfers_waiting_for


def member_figures(scope):
    """The 会员 card: the subtree's members from the one source of figures, with its time."""
    from gonghui.orgs.models import Org
    from gonghui.reports.figures import subtree_figures

    if not scope.has_perm("members.view_member"):
        return []
    f = subtree_figures(Org.objects.get(path=scope.org_path))
    return [
        {
            "key": "members",
            "label": _("会员"),
            "value": f.members,
            "url": reverse("members:list"),
            "as_of": f.as_of,
        }
    ]


def member_tasks(scope):
    if not scope.has_perm("members.review_application"):
        return []
    pending = JoinApplication.objects.filter(status=ApplicationStatus.PENDING).count()
    return [
        {"label": _("待审核入会申请"), "count": pending, "url": reverse("members:applications")},
        {
            "label": _("待确认会籍接转"),
            "count": transfers_waiting_for(scope).count(),
            "url": reverse("members:transfers"),
        },
    ]
