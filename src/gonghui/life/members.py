"""Who a logged-in member is, for the member pages and the services they call."""

from gonghui.members.models import KEEPS_MEMBERSHIP, Member


def member_of(user):
    """The member record linked to ``user`` (one per login) while membership lasts, or ``None``."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        # unscoped: the signed-in user's own membership, before any scope applies
        Member.unscoped.filter(user=user, status__in=KEEPS_MEMBERSHIP).select_related("org").first()
    )


def org_and_ancestor_paths(path):
    """The path of an org and of each of its ancestors (treebeard steps of 4)."""
    return [path[:i] for i in range(4, len(path) + 1, 4)]
