"""Logging in by phone (password or one-time code, password reset) and logins linked to members
by staff."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit, ratelimit
from gonghui.core.accounts import users_in_scope
from gonghui.core.models import RoleAssignment, User
from gonghui.core.roles import Role
from gonghui.core.scoping import org_in_scope, require_perm, scopes_disabled
from gonghui.members.models import Member

from ..models import CodePurpose
from ._common import (
    RateLimited,
    _limit,
    _send_code,
    phone_index,
    sync_member_role,
    use_code,
)

# --- logging in by phone -----------------------------------------------------------------------


def _login_locked(phone_idx, client):
    limit = settings.LOGIN_MAX_FAILURES
    return ratelimit.exceeded("portal.login.phone", phone_idx, limit=limit) or ratelimit.exceeded(
        "portal.login.address", client, limit=limit
    )


def _login_failed(phone_idx, client):
    window = settings.LOGIN_LOCK_SECONDS
    ratelimit.hit("portal.login.phone", phone_idx, limit=settings.LOGIN_MAX_FAILURES, window=window)
    ratelimit.hit("portal.login.address", client, limit=settings.LOGIN_MAX_FAILURES, window=window)


def users_for_phone(phone):
    """The active logins of members with this roster phone (found by its blind index)."""
    with scopes_disabled():
        ids = Member.unscoped.filter(
            phone_index=phone_index(phone), user__isnull=False
        ).values(  # unscoped: a phone number typed at login: the district's members, no scope yet
            "user_id"
        )
        return list(User.objects.filter(pk__in=ids, is_active=True))


def login_with_password(*, request, phone, password, client):
    """The user whose roster phone and password these are, or None. Locked like staff logins:
    after ``LOGIN_MAX_FAILURES`` failures per phone or per address, for ``LOGIN_LOCK_SECONDS``."""
    phone_idx = phone_index(phone)
    if _login_locked(phone_idx, client):
        raise RateLimited
    user = authenticate(request, phone=phone, password=password)
    if user is None:
        _login_failed(phone_idx, client)
        with transaction.atomic():
            audit.record(None, "portal.login.fail", extra={"how": "password"})
        return None
    ratelimit.reset("portal.login.phone", phone_idx)
    return _logged_in(user, "password")


def _logged_in(user, how):
    with transaction.atomic(), scopes_disabled():
        member = Member.unscoped.filter(
            user=user
        ).first()  # unscoped: the member's own record (a member acts as themself, not in a scope)
        if member is not None:
            sync_member_role(member)
        audit.record(user, "portal.login", user, extra={"how": how})
    return user


@transaction.atomic
def send_login_code(*, phone, purpose, client):
    """Text a login or password-reset code to a member account with this phone. Answers the same
    whether or not there is one."""
    _limit("portal.code.address", client, "portal.activation_per_address_hour")
    phone_idx = phone_index(phone)
    with scopes_disabled():
        member = (
            Member.unscoped.select_related(
                "org"
            )  # unscoped: a phone number typed at login: the district's members, no scope yet
            .filter(phone_index=phone_idx, user__isnull=False, user__is_active=True)
            .first()
        )
    if member is not None:
        template = "portal.login_code" if purpose == CodePurpose.LOGIN else "portal.reset_code"
        _send_code(member, purpose, template)
    audit.record(None, f"portal.code.{purpose}", extra={"address_key": ratelimit.key_for(client)})


def login_with_code(*, phone, code, client):
    """The member's user if ``code`` is the live login code for this phone, else None."""
    phone_idx = phone_index(phone)
    if _login_locked(phone_idx, client):
        raise RateLimited
    users = users_for_phone(phone)
    if len(users) != 1 or not use_code(phone_idx=phone_idx, purpose=CodePurpose.LOGIN, code=code):
        _login_failed(phone_idx, client)
        return None
    ratelimit.reset("portal.login.phone", phone_idx)
    return _logged_in(users[0], "sms")


def reset_password_with_code(*, phone, code, password, client):
    """Set a new password with a reset code; returns the user or raises ValidationError."""
    phone_idx = phone_index(phone)
    if _login_locked(phone_idx, client):
        raise RateLimited
    users = users_for_phone(phone)
    if len(users) != 1:
        _login_failed(phone_idx, client)
        raise ValidationError(_("验证码不正确或已过期"))
    user = users[0]
    validate_password(password, user)
    if not use_code(phone_idx=phone_idx, purpose=CodePurpose.RESET, code=code):
        _login_failed(phone_idx, client)
        raise ValidationError(_("验证码不正确或已过期"))
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(user, "portal.password.reset", user)
    return user


# --- linking by staff --------------------------------------------------------------------------


def _member_in_scope(member):
    if not org_in_scope(member.org):
        raise Http404


@transaction.atomic
def link_login(*, actor, member, username):
    """Staff link an existing login (one they manage) to a member of their union; the login gets
    the member role there. A login already linked to someone else is refused."""
    require_perm("portal.link_members")
    _member_in_scope(member)
    user = users_in_scope().filter(username=username).first()
    if user is None:
        raise ValidationError({"username": _("找不到该账号（或不在您的管理范围内）")})
    if (
        Member.unscoped.filter(user=user).exclude(pk=member.pk).exists()
    ):  # unscoped: one login per member across the district (uniqueness check)
        raise ValidationError({"username": _("该账号已关联其他会员")})
    if member.user_id and member.user_id != user.pk:
        raise ValidationError({"username": _("该会员已关联其他账号，请先解除关联")})
    Member.unscoped.filter(pk=member.pk).update(
        user=user
    )  # unscoped: the member row was looked up in scope by the caller; a plain update
    member.user = user
    sync_member_role(member)
    audit.record(actor, "portal.member.link", member, extra={"user": user.username})
    return member


@transaction.atomic
def unlink_login(*, actor, member):
    """Staff undo a link: the login loses the member role; the member can activate again."""
    require_perm("portal.link_members")
    _member_in_scope(member)
    if member.user_id is None:
        raise ValidationError(_("该会员尚未关联账号"))
    user_id = member.user_id
    RoleAssignment.objects.filter(user_id=user_id, role=Role.MEMBER).update(is_active=False)
    Member.unscoped.filter(pk=member.pk).update(
        user=None
    )  # unscoped: the member row was looked up in scope by the caller; a plain update
    member.user = None
    audit.record(actor, "portal.member.unlink", member, extra={"user_id": user_id})
    return member
