"""Writes of the member portal: activation, one-time codes, logins by phone, invitations, links
between logins and members, and the member's rights over their data.

Activation never tells the person asking whether an ID number is on the roster: the request is
answered the same way in every case, and the lookup and any message run in a background task
(``check_activation``), so the request does the same work whatever the roster holds. Codes are
stored as keyed hashes, expire, are used once and die after a few wrong tries.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from gonghui.core import audit, config, notify, ratelimit
from gonghui.core.accounts import users_in_scope
from gonghui.core.fields import blind_index_for
from gonghui.core.models import RoleAssignment, User
from gonghui.core.roles import Role
from gonghui.core.scoping import org_in_scope, require_perm, scopes_disabled
from gonghui.core.workdays import add_working_days
from gonghui.members.models import KEEPS_MEMBERSHIP, Member, MemberStatus

from . import conf  # noqa: F401  (settings)
from .models import CodePurpose, CorrectionRequest, CorrectionStatus, Invitation, SmsCode


class RateLimited(Exception):
    """Too many attempts: the caller answers 429 with a Chinese message."""


notify.register_template(
    "portal.activation_code",
    "【{sign}】您正在激活会员账号，验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。",
)
notify.register_template(
    "portal.already_active",
    "【{sign}】您的会员账号已激活，请直接登录：{url}。如忘记密码可用短信验证码重设。",
)
notify.register_template(
    "portal.phone_mismatch",
    "【{sign}】有人用另一个手机号申请激活您的会员账号。如您已更换手机号，请联系{union}更新后再激活。",
)
notify.register_template(
    "portal.login_code", "【{sign}】您的登录验证码 {code}，{minutes} 分钟内有效，请勿告诉他人。"
)
notify.register_template(
    "portal.reset_code", "【{sign}】您正在重设会员账号密码，验证码 {code}，{minutes} 分钟内有效。"
)
notify.register_template(
    "portal.invitation",
    "【{sign}】{union}邀请您激活会员账号，查看电子会员证、参加职代会投票：{url}（{days} 天内有效）",
)

# Fields a member may withdraw consent for: optional on the roster, cleared when withdrawn.
OPTIONAL_FIELDS = {"education": gettext_lazy("学历"), "ethnicity": gettext_lazy("民族")}


def _sign(org):
    return org.get_root().name if org is not None else _("工会")


def phone_index(phone):
    return blind_index_for(Member, "phone", phone)


def id_index(id_number):
    return blind_index_for(Member, "id_number", id_number)


def _name_digest(name):
    return salted_hmac("gonghui.portal.name", (name or "").strip(), algorithm="sha256").hexdigest()


# --- one-time codes ----------------------------------------------------------------------------


def _code_hash(phone_idx, purpose, code):
    message = f"{purpose}:{phone_idx}:{code}"
    return salted_hmac("gonghui.portal.sms_code", message, algorithm="sha256").hexdigest()


def issue_code(*, phone_idx, purpose):
    """A new six-digit code for this phone and purpose (earlier unused ones are void); only its
    keyed hash is stored. Returns the clear code, to be sent and forgotten."""
    now = timezone.now()
    SmsCode.objects.filter(phone_index=phone_idx, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    code = f"{secrets.randbelow(10**6):06d}"
    SmsCode.objects.create(
        phone_index=phone_idx,
        purpose=purpose,
        code_hash=_code_hash(phone_idx, purpose, code),
        expires_at=now + datetime.timedelta(minutes=config.get("portal.code_minutes")),
    )
    return code


@transaction.atomic
def use_code(*, phone_idx, purpose, code):
    """True and the code spent if ``code`` is this phone's live code for ``purpose``. A wrong
    try counts; after ``portal.code_max_attempts`` wrong tries the code is void. Commits on its
    own (a wrong try is remembered even when the caller then refuses)."""
    now = timezone.now()
    current = (
        SmsCode.objects.select_for_update()
        .filter(phone_index=phone_idx, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
        .order_by("-id")
        .first()
    )
    if current is None:
        # Same work as a real comparison, so a missing code takes as long as a wrong one.
        constant_time_compare(_code_hash(phone_idx, purpose, code or ""), "0" * 64)
        return False
    if constant_time_compare(
        _code_hash(phone_idx, purpose, (code or "").strip()), current.code_hash
    ):
        current.used_at = now
        current.save(update_fields=["used_at"])
        return True
    current.failed_attempts += 1
    if current.failed_attempts >= config.get("portal.code_max_attempts"):
        current.used_at = now  # burnt: a new code must be asked for
    current.save(update_fields=["failed_attempts", "used_at"])
    return False


def _send_code(member, purpose, template_key):
    """Issue and text a code to the member's roster phone, at most a few per phone an hour."""
    if not ratelimit.hit(
        "portal.sms", member.phone_index, limit=config.get("portal.sms_per_phone_hour"), window=3600
    ):
        return False
    code = issue_code(phone_idx=member.phone_index, purpose=purpose)
    minutes = config.get("portal.code_minutes")
    params = {"sign": _sign(member.org), "code": code, "minutes": minutes}
    notify.send_sms(member.phone, template_key, params, related=member)
    return True


# --- activation --------------------------------------------------------------------------------


def _limit(bucket, key, setting, factor=1):
    if not ratelimit.hit(bucket, key, limit=config.get(setting) * factor, window=3600):
        raise RateLimited


@transaction.atomic
def request_activation(*, name, id_number, phone, client):
    """Someone asks to activate a member account. Whatever the roster holds, the answer and the
    work done here are the same: the attempt is counted (per address and per ID number),
    audited without any personal value, and the check handed to ``check_activation``."""
    id_idx, phone_idx = id_index(id_number), phone_index(phone)
    _limit("portal.activate.address", client, "portal.activation_per_address_hour")
    _limit("portal.activate.person", id_idx, "portal.activation_per_person_hour")
    audit.record(
        None, "portal.activation.request", extra={"address_key": ratelimit.key_for(client)}
    )
    args = (id_idx, phone_idx, _name_digest(name))
    transaction.on_commit(lambda: check_activation.enqueue(*args), robust=True)


@task()
def check_activation(id_idx, phone_idx, name_digest):
    """Background: match the request against the roster by blind indexes and text the roster
    phone: a code (match, not yet active), a login link (already active), or a hint to ask the
    union (the person matched but with another phone). Nothing for an unknown ID number."""
    with scopes_disabled(), transaction.atomic():
        member = (
            Member.unscoped.select_related("org").filter(id_number_index=id_idx).first()
        )  # unscoped: a member proving who they are: no union scope yet
        if member is None or not constant_time_compare(_name_digest(member.name), name_digest):
            return "no_match"
        if member.status == MemberStatus.DECEASED:
            return "no_match"
        if member.phone_index != phone_idx:
            notify.send_sms(
                member.phone,
                "portal.phone_mismatch",
                {"sign": _sign(member.org), "union": member.org.name},
                related=member,
            )
            audit.record(None, "portal.activation.phone_mismatch", member)
            return "phone_mismatch"
        if member.user_id:
            url = notify.site_url(reverse("portal:login"))
            notify.send_sms(
                member.phone,
                "portal.already_active",
                {"sign": _sign(member.org), "url": url},
                related=member,
            )
            return "already_active"
        sent = _send_code(member, CodePurpose.ACTIVATE, "portal.activation_code")
        audit.record(None, "portal.activation.code_sent", member, extra={"sent": sent})
        return "code_sent" if sent else "limited"


def complete_activation(*, name, id_idx, phone_idx, code, password, client):
    """The person enters the code they got: the account is created and linked to the member
    (one account per person), with the member role at the member's union. Any mismatch gives one
    and the same refusal. ``id_idx``/``phone_idx`` are the blind indexes of what they entered
    (the page keeps those between its two steps, never the clear numbers). Returns the user."""
    _limit("portal.activate.address", client, "portal.activation_per_address_hour")
    # Entering codes has its own count (twice the requests' limit): a code dies after a few
    # wrong tries anyway, and a typo must not lock the person out of the code they just got.
    _limit("portal.activate.verify", id_idx, "portal.activation_per_person_hour", factor=2)
    code_ok = use_code(phone_idx=phone_idx, purpose=CodePurpose.ACTIVATE, code=code)
    with scopes_disabled():
        member = (
            Member.unscoped.select_related("org").filter(id_number_index=id_idx).first()
        )  # unscoped: a member proving who they are: no union scope yet
    matched = (
        code_ok
        and member is not None
        and member.user_id is None
        and member.phone_index == phone_idx
        and constant_time_compare(_name_digest(member.name), _name_digest(name))
    )
    if not matched:
        with transaction.atomic():
            audit.record(
                None, "portal.activation.refuse", extra={"address_key": ratelimit.key_for(client)}
            )
        raise ValidationError(_("信息或验证码不正确，或验证码已过期。请核对后重试。"))
    return _create_account(member=member, password=password, how="sms")


@transaction.atomic
def _create_account(*, member, password, how):
    member = (
        Member.unscoped.select_for_update().select_related("org").get(pk=member.pk)
    )  # unscoped: the member's own record, linked at activation (no union scope)
    if member.user_id:
        raise ValidationError(_("该会员已激活账号，请直接登录"))
    user = User(username=member.card_number, full_name=member.name)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    Member.unscoped.filter(pk=member.pk).update(
        user=user
    )  # unscoped: the member's own record, linked at activation (no union scope)
    member.user = user
    # Activated (by text message or by one link): no other invitation stays open, so an old link
    # says it was used instead of asking for the ID number and then refusing.
    Invitation.unscoped.filter(member=member, used_at__isnull=True).update(
        used_at=timezone.now()
    )  # unscoped: the member's own invitations, at activation (no union scope)
    sync_member_role(member)
    audit.record(user, "portal.account.activate", member, extra={"how": how})
    return user


def sync_member_role(member):
    """The member role follows the member: active at the member's union while they keep their
    membership, and at no other union (after a transfer the old one is switched off). A member
    who left keeps the login and the portal's read-only pages, without the role."""
    if member.user_id is None:
        return
    keeps = member.status in KEEPS_MEMBERSHIP
    stale = RoleAssignment.objects.filter(user_id=member.user_id, role=Role.MEMBER, is_active=True)
    if keeps:
        stale = stale.exclude(org_id=member.org_id)
    stale.update(is_active=False)
    if keeps:
        assignment, _created = RoleAssignment.objects.get_or_create(
            user_id=member.user_id, org_id=member.org_id, role=Role.MEMBER
        )
        if not assignment.is_active:
            RoleAssignment.objects.filter(pk=assignment.pk).update(is_active=True)


# --- invitations -------------------------------------------------------------------------------


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(*, actor, members):
    """Text each member not yet activated a one-time link to activate (members already active
    are skipped; an earlier open invitation is replaced). Returns how many were invited."""
    require_perm("portal.invite_members")
    days = config.get("portal.invitation_days")
    now = timezone.now()
    invited = []
    for member in members:
        if not org_in_scope(member.org):
            raise Http404
        if member.user_id or member.status not in KEEPS_MEMBERSHIP or not member.phone:
            continue
        Invitation.objects.filter(member=member, used_at__isnull=True).update(expires_at=now)
        token = secrets.token_urlsafe(24)
        Invitation.objects.create(
            org=member.org,
            member=member,
            token_hash=_token_hash(token),
            created_by=actor,
            expires_at=now + datetime.timedelta(days=days),
        )
        url = notify.site_url(reverse("portal:invitation", kwargs={"token": token}))
        params = {"sign": _sign(member.org), "union": member.org.name, "url": url, "days": days}
        notify.send_sms(member.phone, "portal.invitation", params, related=member)
        invited.append(member)
    if invited:
        audit.record_many(actor, "portal.invitation.send", invited)
    return len(invited)


def live_invitation(token):
    """The open invitation a link names, or None (unknown, used or expired)."""
    with scopes_disabled():
        return (
            Invitation.unscoped.select_related(
                "member", "member__org"
            )  # unscoped: an invitation code typed before login: no scope yet
            .filter(
                token_hash=_token_hash(token or ""),
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )


def accept_invitation(*, token, id_number, password, client):
    """The invited member confirms their ID number and sets a password: the account is made and
    the link is spent. A wrong ID number counts against the invitation's limit."""
    _limit("portal.activate.address", client, "portal.activation_per_address_hour")
    invitation = live_invitation(token)
    if invitation is None:
        raise ValidationError(_("邀请链接无效或已过期，请联系工会重新发送"))
    _limit(
        "portal.activate.person",
        invitation.member.id_number_index,
        "portal.activation_per_person_hour",
    )
    if not constant_time_compare(invitation.member.id_number_index, id_index(id_number)):
        with transaction.atomic():
            audit.record(None, "portal.activation.refuse", invitation.member)
        raise ValidationError({"id_number": _("身份证号与名册不一致")})
    with transaction.atomic():
        spent = Invitation.unscoped.filter(
            pk=invitation.pk, used_at__isnull=True
        ).update(  # unscoped: an invitation code typed before login: no scope yet
            used_at=timezone.now()
        )
        if not spent:
            raise ValidationError(_("邀请链接已使用"))
        return _create_account(member=invitation.member, password=password, how="invitation")


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


# --- the member's rights over their data (PIPL) ------------------------------------------------


def _own_member(actor):
    member = (
        Member.unscoped.select_related("org").filter(user=actor).first()
    )  # unscoped: the member's own record (a member acts as themself, not in a scope)
    if member is None:
        raise PermissionDenied(_("您的账号尚未关联会员信息"))
    return member


@transaction.atomic
def ask_correction(*, actor, field_label, text):
    """The member asks their union to correct something: a task for the union with a deadline
    of ``portal.correction_working_days`` working days. Returns the request."""
    member = _own_member(actor)
    if member.status not in KEEPS_MEMBERSHIP:
        raise ValidationError(_("您已不在会，请联系原所在工会"))
    if not (text or "").strip():
        raise ValidationError({"text": _("请写明需要更正的内容")})
    days = config.get("portal.correction_working_days", org=member.org)
    request = CorrectionRequest.unscoped.create(  # unscoped: filed by the member about themself, outside any union scope
        org=member.org,
        member=member,
        field_label=field_label,
        text=text.strip(),
        due_on=add_working_days(timezone.localdate(), days),
    )
    audit.record(actor, "portal.correction.ask", request, extra={"field": field_label})
    return request


@transaction.atomic
def answer_correction(*, actor, correction, done, answer):
    """Staff answer a correction request (corrected or declined, with a note)."""
    require_perm("portal.answer_corrections")
    if not org_in_scope(correction.org):
        raise Http404
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.OPEN:
        raise ValidationError(_("该请求已答复"))
    if not (answer or "").strip():
        raise ValidationError({"answer": _("请填写答复")})
    correction.status = CorrectionStatus.DONE if done else CorrectionStatus.DECLINED
    correction.answer = answer.strip()
    correction.answered_by = actor
    correction.answered_at = timezone.now()
    correction.save()
    audit.record(actor, "portal.correction.answer", correction, extra={"status": correction.status})
    return correction


@transaction.atomic
def withdraw_consent(*, actor, fields):
    """The member withdraws consent for optional roster fields: they are cleared at once."""
    member = _own_member(actor)
    unknown = set(fields) - set(OPTIONAL_FIELDS)
    if unknown or not fields:
        raise ValidationError(_("请选择可撤回同意的信息项"))
    Member.unscoped.filter(pk=member.pk).update(
        **{name: "" for name in fields}
    )  # unscoped: the member's own record (a member acts as themself, not in a scope)
    audit.record(actor, "portal.consent.withdraw", member, extra={"fields": sorted(fields)})
    return member


def record_download(*, actor, member, fmt):
    """Audit that a member downloaded their own data."""
    with transaction.atomic():
        audit.record(actor, "portal.data.download", member, extra={"format": fmt})


# --- officials are members ---------------------------------------------------------------------


@transaction.atomic
def link_official(*, actor, official, card_number):
    """Link an official to their member record (found by card number within the actor's scope);
    a new link replaces an earlier one."""
    from .models import OfficialMember

    require_perm("portal.link_officials")
    if not org_in_scope(official.org):
        raise Http404
    member = Member.objects.filter(card_number=(card_number or "").strip()).first()
    if member is None:
        raise ValidationError({"card_number": _("找不到该会员证号（或不在您的管理范围内）")})
    link, _created = (
        OfficialMember.unscoped.update_or_create(  # unscoped: the official was looked up in scope by the caller; the link row follows it
            official=official, defaults={"member": member, "org": official.org}
        )
    )
    audit.record(actor, "portal.official.link", official, extra={"member": member.pk})
    return link
