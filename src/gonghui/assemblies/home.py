"""Home-page figures and tasks of congresses."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Congress, Poll, PollStatus, Session


def figures(scope):
    if not scope.has_perm("assemblies.view_congress"):
        return []
    return [
        {
            "label": _("代表大会"),
            "value": Congress.objects.count(),
            "url": reverse("assemblies:congresses"),
        }
    ]


def tasks(scope):
    result = []
    if scope.has_perm("assemblies.manage_congress"):
        result.append(
            {
                "label": _("闭会后待报上级工会的会议"),
                "count": Session.objects.filter(status="closed", reported_on__isnull=True).count(),
                "url": reverse("assemblies:congresses"),
            }
        )
    if scope.has_perm("assemblies.act_as_delegate"):
        result.append(
            {
                "label": _("待投票的表决"),
                "count": Poll.objects.filter(
                    status=PollStatus.OPEN,
                    session__congress__delegates__member__user=scope.user,
                    session__congress__delegates__status="active",
                )
                .exclude(participations__delegate__member__user=scope.user)
                .distinct()
                .count(),
                "url": reverse("assemblies:my_home"),
            }
        )
    return result
