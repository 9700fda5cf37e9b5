"""Who a user is acting as: their role assignments and the one that is active."""

from django.conf import settings

from .models import RoleAssignment
from .roles import Role
from .scoping import Scope

SESSION_KEY = "gonghui_assignment_id"


def assignments_of(user):
    assignments = list(
        RoleAssignment.objects.filter(user=user, is_active=True, org__status="active")
        .select_related("org")
        .order_by("org__depth", "id")
    )
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
