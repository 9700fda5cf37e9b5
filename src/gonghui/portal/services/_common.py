"""What the portal's writes share: the rate-limit refusal, the text-message templates, blind
indexes, one-time codes, and the account a member gets."""

import datetime
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config, notify, ratelimit
from gonghui.core.fields import blind_index_for
from gonghui.core.models import RoleAssignment, User
from gonghui.core.roles import Role
from gonghui.members.models import KEEPS_MEMBERSHIP, Member

from .. import conf  # noqa: F401  (settings)
from ..models import Invitation, SmsCode


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
