"""Home-page figures of union life: notices waiting for this union's response; for members,
what is open to them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .members import member_of


def figures(scope):
    if scope.has_perm("life.take_part"):
        member = member_of(scope.user)
        if member is None:
            return []
        return [
            {"key": "my_activities", "label": _("可报名的活动"),
             "value": selectors.activities_open_to(member).count(), "url": reverse("life:my_home")},
        ]  # fmt: skip
    return []


def tasks(scope):
    if not scope.has_perm("life.respond_notice"):
        return []
    pending = selectors.notices_for_staff().filter(own_pending=True, status="published")
    return [
        {"label": _("待确认/回复的通知"), "count": pending.exclude(response="none").count(),
         "url": reverse("life:notices")},
    ]  # fmt: skip
