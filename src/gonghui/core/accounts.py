"""Managing logins and role assignments within one's own subtree.

Who may manage (reset) whose account (issue 12, finding 1): a person may reset another's
password only if **every active role** the target holds lies inside the resetter's subtree and
ranks strictly below the resetter's own role; never a user holding a role at the district level
(the tree's root) or any role equal to or above the resetter's. Past (revoked) roles give no
power: a user whose roles were all revoked is nobody's to reset. A reset forces a password change
at the next login; the second factor is never touched by a password reset (a confirmed TOTP
device stays, so whoever receives the temporary password still needs the user's own phone).
Removing a user's TOTP device is a separate, district-only act with four eyes: one district
admin requests it, another confirms it.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, notify
from .models import RoleAssignment, TotpResetRequest, User
from .roles import Role
from .scoping import current_scope, org_in_scope, require_perm, subtree_q

# The rank of each role: a person may manage only accounts whose every active role ranks lower.
ROLE_RANK = {
    Role.DISTRICT_ADMIN: 4,
    Role.UNION_ADMIN: 3,
    Role.UNION_STAFF: 2,
    Role.REVIEWER: 2,
    Role.MEMBER: 1,
}

notify.register_template(
    "core.password_reset",
    "【工会工作平台】您的登录密码已于{at}被管理员（{by}）重置，请尽快登录并设置新密码。如非本人申请，请联系区总工会。",
)
notify.register_template(
    "core.totp_reset",
    "【工会工作平台】您的两步验证已于{at}被区总工会重置，下次登录时请重新绑定验证器。如非本人申请，请联系区总工会。",
)

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
        raise ValidationError({"org_code": _("该组织不在您的管理范围内")})
    # Nobody grants a role above their own.
    if role not in GRANTABLE.get(scope.role, set()):
        raise PermissionDenied(_("不能授予高于自己的角色"))


def temporary_password():
    return "Gh-" + secrets.token_urlsafe(9)


@transaction.atomic
def create_user(*, actor, username, full_name, org, role):
    """A new login with one role; returns (user, temporary password shown once)."""
    require_perm("core.manage_users")
    _check_grant(org, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名已存在")})
    password = temporary_password()
    user = User(username=username, full_name=full_name, must_change_password=True)
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
        raise ValidationError(_("该用户已有此角色"))
    assignment.is_active = True
    assignment.save(update_fields=["is_active"])
    audit.record(actor, "core.role.grant", assignment, org=org, extra={"role": role})
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment):
    require_perm("core.manage_users")
    _check_grant(assignment.org, assignment.role)
    if assignment.user_id == actor.id:
        raise ValidationError(_("不能撤销自己的角色"))
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit.record(
        actor, "core.role.revoke", assignment, org=assignment.org, extra={"role": assignment.role}
    )
    return assignment


def _active_assignments(user):
    return list(
        RoleAssignment.objects.filter(
            user=user, is_active=True, org__status="active"
        ).select_related("org")
    )


def management_refusal(scope, user):
    """Why the scope's holder may not manage ``user``'s account (a Chinese sentence), or ``None``
    if they may: every active role of the target lies inside the scope's subtree and ranks
    strictly below the scope's role; no role at the district level."""
    if user.pk == scope.user.pk:
        return _("请在“修改密码”中修改自己的密码")
    if user.is_superuser:
        return _("不能管理系统超级用户的账号")
    own_rank = ROLE_RANK.get(scope.role, 0)
    held = _active_assignments(user)
    if not held:
        return _("该用户没有有效角色，不能由管理员重置（已撤销的角色不赋予管理权限）")
    for assignment in held:
        if assignment.role == Role.DISTRICT_ADMIN or assignment.org.depth <= 1:
            return _("该用户持有区级角色，不能由此重置")
        if not assignment.org.path.startswith(scope.org_path):
            return _("该用户持有您管理范围以外的角色，不能由您重置")
        if ROLE_RANK.get(assignment.role, 0) >= own_rank:
            return _("该用户持有与您同级或更高的角色，不能由您重置")
    return None


def may_manage_account(user):
    """True if the active scope's holder may reset ``user``'s password (see ``management_refusal``)."""
    scope = current_scope(required=False)
    return scope is not None and management_refusal(scope, user) is None


def _phone_of(user):
    """Where to tell the user about a change to their login: their own number, else their member
    record's."""
    if user.phone:
        return user.phone
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    return getattr(member, "phone", "") if member is not None else ""


def _tell(user, template_key, params):
    phone = _phone_of(user)
    if phone:
        notify.send_sms(phone, template_key, params, related=None)
    return bool(phone)


@transaction.atomic
def reset_password(*, actor, user):
    """A new temporary password (shown once), to be changed at the next login. Allowed only if
    ``management_refusal`` finds nothing; audited, and the user is told by SMS."""
    require_perm("core.manage_users")
    scope = current_scope()
    refusal = management_refusal(scope, user)
    if refusal:
        raise PermissionDenied(refusal)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    told = _tell(
        user,
        "core.password_reset",
        {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "by": actor.username},
    )
    audit.record(actor, "core.user.reset_password", user, extra={"sms_sent": told})
    return password


def _require_district(actor):
    require_perm("core.manage_users")
    scope = current_scope()
    if scope.role != Role.DISTRICT_ADMIN:
        raise PermissionDenied(_("只有区总工会管理员可以重置两步验证"))
    return scope


@transaction.atomic
def request_totp_reset(*, actor, user):
    """A district admin asks for ``user``'s TOTP device to be removed; another must confirm."""
    _require_district(actor)
    if user.pk == actor.pk:
        raise ValidationError(_("不能为自己申请重置两步验证"))
    if TotpResetRequest.objects.filter(user=user, status=TotpResetRequest.Status.PENDING).exists():
        raise ValidationError(_("该用户已有待确认的两步验证重置申请"))
    request = TotpResetRequest.objects.create(user=user, requested_by=actor)
    audit.record(actor, "core.user.totp_reset_request", user, extra={"request": request.pk})
    return request


@transaction.atomic
def confirm_totp_reset(*, actor, reset_request):
    """A second district admin confirms: the user's TOTP devices are removed, so the user enrols
    a new one at their next login (with their own password). Audited; the user is told."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_district(actor)
    reset_request = TotpResetRequest.objects.select_for_update().get(pk=reset_request.pk)
    if reset_request.status != TotpResetRequest.Status.PENDING:
        raise ValidationError(_("该申请已处理"))
    if reset_request.requested_by_id == actor.pk:
        raise ValidationError(_("申请人不能自己确认，请由另一位区总工会管理员确认"))
    if reset_request.user_id == actor.pk:
        raise ValidationError(_("不能确认重置自己的两步验证"))
    user = reset_request.user
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    reset_request.status = TotpResetRequest.Status.DONE
    reset_request.confirmed_by = actor
    reset_request.confirmed_at = timezone.now()
    reset_request.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    told = _tell(user, "core.totp_reset", {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")})
    audit.record(
        actor,
        "core.user.totp_reset",
        user,
        extra={"request": reset_request.pk, "devices_removed": removed, "sms_sent": told},
    )
    return reset_request


@transaction.atomic
def cancel_totp_reset(*, actor, reset_request):
    _require_district(actor)
    if reset_request.status != TotpResetRequest.Status.PENDING:
        raise ValidationError(_("该申请已处理"))
    reset_request.status = TotpResetRequest.Status.CANCELLED
    reset_request.confirmed_by = actor
    reset_request.confirmed_at = timezone.now()
    reset_request.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record(
        actor,
        "core.user.totp_reset_cancel",
        reset_request.user,
        extra={"request": reset_request.pk},
    )
    return reset_request
