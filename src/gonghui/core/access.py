"""Who a user is acting as: their role assignments and the one that is active."""

from django.conf import settings
from django.db import connections, router

from .models import RoleAssignment
from .roles import Role
from .scoping import Scope

SESSION_KEY = "gonghui_assignment_id"


_ASSIGNMENT_FIELDS = ["id", "user_id", "org_id", "role", "is_active"]


def _assignments_sql(connection, org_model):
    """The user's active assignments at active orgs, as rows of the org's columns plus the
    assignment's id and role: ``%s`` = user id, True, "active". Names from the models only."""
    q = connection.ops.quote_name
    org = org_model._meta
    columns = ", ".join(f"o.{q(f.column)}" for f in org.concrete_fields)
    return (
        f"SELECT {columns}, a.{q('id')} AS gonghui_assignment_id, a.{q('role')} AS gonghui_role "  # noqa: S608
        f"FROM {q(RoleAssignment._meta.db_table)} a "
        f"JOIN {q(org.db_table)} o ON o.{q('id')} = a.{q('org_id')} "
        f"WHERE a.{q('user_id')} = %s AND a.{q('is_active')} = %s AND o.{q('status')} = %s"
    )


def assignments_of(user):
    """The user's active role assignments at active orgs, highest in the tree first, each with
    its org and user loaded.

    Read afresh on every request (a role change or a deactivation acts at once), so kept cheap:
    one plain query read as orgs (``Org.objects.raw``: the ORM's own conversions), the
    assignments built from the same rows and sorted here. Compiling the equivalent ORM query
    cost twice as much CPU as this whole function."""
    from gonghui.orgs.models import Org

    db = router.db_for_read(RoleAssignment)
    sql = _assignments_sql(connections[db], Org)
    assignments = []
    for org in Org.objects.db_manager(db).raw(sql, [user.pk, True, "active"]):
        assignment = RoleAssignment.from_db(
            db,
            _ASSIGNMENT_FIELDS,
            [org.gonghui_assignment_id, user.pk, org.pk, org.gonghui_role, True],
        )
        del org.gonghui_assignment_id, org.gonghui_role
        assignment.org = org
        assignment.user = user  # the scope reads it: no query to load the same user again
        assignments.append(assignment)
    assignments.sort(key=lambda a: (a.org.depth, a.id))
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
