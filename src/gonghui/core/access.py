"""Who a user is acting as: their role assignments and the one that is active."""

from django.conf import settings

from .models import RoleAssignment
from .roles import Role
from .scoping import Scope

SESSION_KEY = "gonghui_assignment_id"


def assignments_of(user):
    """The user's active role assignments at active orgs, highest in the tree first.

    Read on every request, so kept cheap: the org's status is checked and the list sorted
    here rather than in SQL (a join condition and an ORDER BY across the join were a third of
    the CPU this query cost)."""
    assignments = [
        assignment
        for assignment in RoleAssignment.objects.filter(user_id=user.pk, is_active=True)
        .select_related("org")
        .order_by()
        if assignment.org.status == "active"
    ]
    assignments.sort(key=lambda a: (a.org.depth, a.id))
    for assignment in assignments:
        assignment.user = user  # the scope reads it: no query to load the same user again
    return assignments


def scope_for_assignment(assignment):
    """The scope a role assignment gives: its org's subtree, with its role."""
    return Scope(
        user=assignment.user,
        role=assignment.role,
        org_id=assignment.org_id,
        org_path=assignment.org.path,
        assignment_id=assignment.id,
    )


def active_assignment(request, assignments):
    """The assignment chosen in the session, or the user's first (highest in the tree)."""
    chosen = request.session.get(SESSION_KEY)
    for assignment in assignments:
        if assignment.id == chosen:
            return assignment
    return assignments[0] if assignments else None


def needs_second_factor(user, assignment):
    """District admins must pass TOTP (unless the deployment turned it off, as the demo does)."""
    return (
        settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS
        and assignment is not None
        and assignment.role == Role.DISTRICT_ADMIN
        and not user.is_verified()
    )
