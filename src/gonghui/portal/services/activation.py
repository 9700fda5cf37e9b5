"""Activating a member account: by the roster's text message (request, background check,
code), or by a one-time invitation link from the union.

Activation never tells the person asking whether an ID number is on the roster: the request is
answered the same way in every case, and the lookup and any message run in a background task
(``check_activation``), so the request does the same work whatever the roster holds. Codes are
stored as keyed hashes, expire, are used once and die after a few wrong tries."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.core import audit, config, notify, ratelimit
from gonghui.core.scoping import org_in_scope, require_perm, scopes_disabled
from gonghui.members.models import KEEPS_MEMBERSHIP, Member, MemberStatus

from ..models import CodePurpose, Invitation
from ._common import (
    _create_account,
    _limit,
    _name_digest,
    _send_code,
    _sign,
    id_index,
    phone_index,
    use_code,
)

# --- activation --------------------------------------------------------------------------------


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
