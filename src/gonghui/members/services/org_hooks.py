"""Org lifecycle hooks (registered in apps.ready): what an org holds, what moves on merge."""

from django.db.models import F

from ..models import (
    KEEPS_MEMBERSHIP,
    ApplicationStatus,
    JoinApplication,
    Member,
)
from ..tallies import retally

# --- org lifecycle hooks (registered in apps.ready) ---------------------------------------------


def holding_count(org):
    """Members who keep membership in ``org``'s subtree: they block dissolving it."""
    from gonghui.core.scoping import subtree_q

    return Member.unscoped.filter(
        subtree_q(org.path, "org_path"), status__in=KEEPS_MEMBERSHIP
    ).count()


def move_on_merge(source, target):
    """Members and pending applications of ``source`` move to ``target`` on a merge."""
    moved = Member.unscoped.filter(org=source).update(
        org=target, org_path=target.path, version=F("version") + 1
    )
    JoinApplication.unscoped.filter(org=source, status=ApplicationStatus.PENDING).update(org=target)
    retally(source, target)
    return moved
