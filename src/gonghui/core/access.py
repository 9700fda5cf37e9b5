"""Who a user is acting as: their role assignments and the one that is active."""

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.models import F

from .models import RoleAssignment, User
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


ROLES_CACHE_SECONDS = 3600


def roles_changed(user_ids):
    """Bump the role stamp of these users (ids, or a queryset of ``user_id`` values): what
    ``assignments_of`` cached for them is not read again. Called in the transaction of the
    write, by the assignment and org models themselves (save, delete, bulk writes)."""
    User.objects.filter(pk__in=user_ids).update(roles_version=F("roles_version") + 1)


def roles_changed_at(org_ids):
    """Bump the role stamp of every user holding an assignment at these orgs."""
    roles_changed(RoleAssignment.objects.filter(org_id__in=org_ids).values("user_id"))


def _read_assignments(user):
    """``[(assignment id, role, org)]``: the user's active assignments at active orgs, highest
    in the tree first."""
    from .tree import Org

    db = router.db_for_read(RoleAssignment)
    sql = _assignments_sql(connections[db], Org)
    found = []
    for org in Org.objects.db_manager(db).raw(sql, [user.pk, True, "active"]):
        found.append((org.gonghui_assignment_id, org.gonghui_role, org))
        del org.gonghui_assignment_id, org.gonghui_role
    found.sort(key=lambda row: (row[2].depth, row[0]))
    return found


def _as_assignments(user, found):
    db = router.db_for_read(RoleAssignment)
    assignments = []
    for assignment_id, role, org in found:
        assignment = RoleAssignment.from_db(
            db, _ASSIGNMENT_FIELDS, [assignment_id, user.pk, org.pk, role, True]
        )
        assignment.org = org
        assignment.user = user  # the scope reads it: no query to load the same user again
        assignments.append(assignment)
    return assignments


def assignments_of(user):
    """The user's active role assignments at active orgs, highest in the tree first, each with
    its org and user loaded. The one computation of what a user may act as: sessions
    (``ScopeMiddleware``, through ``request_assignments``) and API tokens
    (``assignment_in_force``) both read it, so an assignment at a dissolved or merged org gives
    no scope by either path. Read afresh: one plain query."""
    return _as_assignments(user, _read_assignments(user))


def request_assignments(user):
    """``assignments_of(user)`` for a user loaded in this request, cached under the user's role
    stamp (``User.roles_version``, read with the user): a role change, a deactivation, an org
    dissolved, merged, moved or renamed bumps the stamp in its own transaction, so the next
    request reads the assignments afresh. Only for a freshly loaded user: a user object kept
    from before a change carries the old stamp."""
    key = f"gonghui:roles:{user.pk}:{user.roles_version}"
    found = cache.get(key)
    if found is None:
        found = _read_assignments(user)
        cache.set(key, found, ROLES_CACHE_SECONDS)
    return _as_assignments(user, found)


def assignment_in_force(user, assignment_id):
    """The user's assignment ``assignment_id`` if it is in force (active, at an active org: not
    dissolved nor merged), with its org loaded; else ``None``. Token auth asks this, sessions
    choose among ``assignments_of``: one computation for both."""
    for assignment in assignments_of(user):
        if assignment.id == assignment_id:
            return assignment
    return None


def scope_for_assignment(assignment):
    """The scope a role assignment gives: its org's subtree, with its role."""
    return Scope(
        user=assignment.user,
        role=assignment.role,
        org_id=assignment.org_id,
        org_path=assignment.org.path,
        assignment_id=assignment.id,
        extra={"org": assignment.org},  # ``Scope.org``: already loaded, never read again
    )


def active_assignment(request, assignments):
    """The assignment chosen in the session, or the user's first (highest in the tree)."""
    chosen = request.session.get(SESSION_KEY)
    for assignment in assignments:
        if assignment.id == chosen:
            return assignment
    return assignments[0] if assignments else None


_PERSONAL_DATA_ROLES = None


def handles_personal_data(role):
    """True if ``role`` holds any permission to reveal or export personal data (``*.reveal_*``,
    ``*.export_*``): street admins, union admins and staff, reviewers."""
    global _PERSONAL_DATA_ROLES
    if _PERSONAL_DATA_ROLES is None:
        from .permissions import all_permissions

        _PERSONAL_DATA_ROLES = frozenset(
            r
            for name, roles in all_permissions().items()
            if ".reveal_" in name or ".export_" in name
            for r in roles
        )
    return role in _PERSONAL_DATA_ROLES


def needs_second_factor(user, assignment):
    """District admins must pass TOTP, and so (district setting ``core.require_2fa_personal_data``,
    on by default) must every role that can reveal or export personal data - unless the
    deployment turned two-factor off altogether, as the demo does."""
    if not settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS or assignment is None:
        return False
    if assignment.role != Role.DISTRICT_ADMIN and not handles_personal_data(assignment.role):
        return False
    if user.is_verified():
        return False
    if assignment.role == Role.DISTRICT_ADMIN:
        return True
    from . import config

    return bool(config.get("core.require_2fa_personal_data"))
