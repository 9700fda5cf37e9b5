"""Home-page figures and tasks of the members module."""

from django.db.models import Sum
from django.urls import reverse

from gonghui.core.scoping import subtree_q

from .models import KEEPS_MEMBERSHIP, ApplicationStatus, JoinApplication, MemberTally
from .selectors import transfers_waiting_for


def member_figures(scope):
    if not scope.has_perm("members.view_member"):
        return []
    count = (
        MemberTally.objects.filter(
            subtree_q(scope.org_path, "org_path"), status__in=KEEPS_MEMBERSHIP
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    return [{"label": "会员", "value": count, "url": reverse("members:list")}]


def member_tasks(scope):
    if not scope.has_perm("members.review_application"):
        return []
    pending = JoinApplication.objects.filter(status=ApplicationStatus.PENDING).count()
    return [
        {"label": "待审核入会申请", "count": pending, "url": reverse("members:applications")},
        {
            "label": "待确认会籍接转",
            "count": transfers_waiting_for(scope).count(),
            "url": reverse("members:transfers"),
        },
    ]
