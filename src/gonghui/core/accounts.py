"""Managing logins and role assignments within one's own subtree."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import audit
from .models import RoleAssignment, User
from .roles import Role
from .scoping import current_scope, org_in_scope, require_perm, subtree_q

# Which roles an admin may grant: nobody grants a role above their own.
GRANTABLE = {
    Role.DISTRICT_ADMIN: set(Role),
    Role.UNION_ADMIN: {Role.UNION_ADMIN, Role.UNION_STAFF, Role.REVIEWER, Role.MEMBER},
}


def users_in_scope():
    """Users holding at least one role assignment inside the active scope's subtree."""
    scope = current_scope()
    ids = RoleAssignment.objects.filter(subtree_q(scope.org_path, "org__path")).values("user_id")
    return User.objects.filter(id__in=ids)


def _check_grant(org, role):
    scope = current_scope()
    # The org must lie in the admin's own subtree.
    if not org_in_scope(org):
        raise ValidationError({"org_code": "该组织不在您的管理范围内"})
    # Nobody grants a role above their own.
    if role not in GRANTABLE.get(scope.role, set()):
        raise PermissionDenied("不能授予高于自己的角色")


def temporary_password():
    return "Gh-" + secrets.token_urlsafe(9)


@transaction.atomic
def create_user(*, actor, username, full_name, org, role):
    """A new login with one role; returns (user, temporary password shown once)."""
    require_perm("core.manage_users")
    _check_grant(org, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "用户名已存在"})
    password = temporary_password()
    user = User(username=username, full_name=full_name)
    user.set_password(password)
    user.save()
    assignment = RoleAssignment.objects.create(user=user, org=org, role=role)
    audit.record(actor, "core.user.create", user, org=org, extra={"role": role})
    audit.record(actor, "core.role.grant", assignment, org=org, extra={"role": role})
    return user, password


@transaction.atomic
def grant_role(*, actor, user, org, role):
    require_perm("core.manage_users")
    _check_grant(org, role)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, org=org, role=role)
    if not created and assignment.is_active:
        raise ValidationError("该用户已有此角色")
    assignment.is_active = True
    assignment.save(update_fields=["is_active"])
    audit.record(actor, "core.role.grant", assignment, org=org, extra={"role": role})
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment):
    require_perm("core.manage_users")
    _check_grant(assignment.org, assignment.role)
    if assignment.user_id == actor.id:
        raise ValidationError("不能撤销自己的角色")
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit.record(actor, "core.role.revoke", assignment, org=assignment.org,
                 extra={"role": assignment.role})
    return assignment


@transaction.atomic
def reset_password(*, actor, user):
    """A new temporary password (shown once); every in-scope admin may reset their users'."""
    require_perm("core.manage_users")
    if user.id == actor.id:
        raise ValidationError("请在“修改密码”中修改自己的密码")
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, "core.user.reset_password", user)
    return password
