"""Transfers (会籍接转): initiated by the releasing side or requested by the receiving one, confirmed by the other."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config, ratelimit
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.text.idnumbers import check_id_number
from gonghui.core.workflow import Transition, Workflow

from ..models import (
    KEEPS_MEMBERSHIP,
    OPEN_TRANSFER,
    EventKind,
    Member,
    MemberStatus,
    Transfer,
    TransferStatus,
)
from ..tallies import retally
from ._common import (
    MEMBER_ORG_KINDS,
    _event,
    _require_member_in_scope,
    _require_member_org,
    find_member_by_id_number,
)

# --- transfers (会籍接转) -----------------------------------------------------------------------


def _side_in_scope(org):
    scope = current_scope(required=False)
    return org is not None and scope is not None and scope.contains_path(org.path)


def _receiving_side(transfer, actor):
    # Only someone whose scope holds the receiving union confirms the arrival.
    return None if _side_in_scope(transfer.to_org) else _("只有接收方工会可以确认接收")


def _releasing_side(transfer, actor):
    # Only someone whose scope holds the releasing union lets the member go.
    return None if _side_in_scope(transfer.from_org) else _("只有转出方工会可以确认转出")


def _initiating_side(transfer, actor):
    # The side that started the transfer may withdraw it.
    side = transfer.to_org if transfer.initiated_by_receiver else transfer.from_org
    return None if _side_in_scope(side) else _("只有发起方可以撤回")


def _confirming_side(transfer, actor):
    # The side asked to confirm may refuse.
    side = transfer.from_org if transfer.initiated_by_receiver else transfer.to_org
    return None if _side_in_scope(side) else _("只有被请求确认的一方可以拒绝")


TRANSFER_WF = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "accept",
            (TransferStatus.AWAITING_ACCEPT,),
            TransferStatus.DONE,
            "members.transfer_member",
            gettext_lazy("确认接收"),
            guard=_receiving_side,
        ),
        Transition(
            "release",
            (TransferStatus.AWAITING_RELEASE,),
            TransferStatus.DONE,
            "members.transfer_member",
            gettext_lazy("确认转出"),
            guard=_releasing_side,
        ),
        Transition(
            "withdraw",
            OPEN_TRANSFER,
            TransferStatus.WITHDRAWN,
            "members.transfer_member",
            gettext_lazy("撤回"),
            needs_reason=True,
            guard=_initiating_side,
        ),
        Transition(
            "refuse",
            OPEN_TRANSFER,
            TransferStatus.REFUSED,
            "members.transfer_member",
            gettext_lazy("拒绝"),
            needs_reason=True,
            guard=_confirming_side,
        ),
    ],
)


def _check_transferable(member, to_org):
    if member.status not in KEEPS_MEMBERSHIP:
        raise ValidationError(
            _("会籍状态为“{get_status_display}”，不能接转").format(
                get_status_display=member.get_status_display()
            )
        )
    if Transfer.unscoped.filter(member=member, status__in=OPEN_TRANSFER).exists():
        raise ValidationError(_("该会员已有进行中的会籍接转"))
    if to_org is not None:
        if to_org.pk == member.org_id:
            raise ValidationError({"to_org": _("转入工会与当前所在工会相同")})
        if not to_org.is_active or to_org.kind not in MEMBER_ORG_KINDS:
            raise ValidationError({"to_org": _("只能转入正常状态的基层工会或工会小组")})


@transaction.atomic
def initiate_transfer(*, actor, member, to_org=None, destination_text="", reason="", on_date=None):
    """The releasing side starts a transfer to ``to_org`` (awaiting the receiving side), or out
    of the district to ``destination_text`` (done at once: the other side is not on the
    platform). Effects: the transfer, for out-of-district the member's status and history."""
    require_perm("members.transfer_member")
    _require_member_in_scope(member)
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    _check_transferable(member, to_org)
    if to_org is None and not destination_text.strip():
        raise ValidationError({"destination_text": _("请选择区内转入工会，或填写区外去向")})
    transfer = Transfer.unscoped.create(
        member=member,
        from_org=member.org,
        to_org=to_org,
        destination_text=destination_text.strip() if to_org is None else "",
        status=TransferStatus.AWAITING_ACCEPT,
        reason=reason,
        created_by=actor,
    )
    audit.record(
        actor,
        "members.transfer.initiate",
        transfer,
        extra={"to": transfer.destination, "member": member.pk},
    )
    if to_org is None:
        _complete(transfer, actor, on_date=on_date)
    return transfer


def lookup_by_id_number(*, actor, id_number, purpose):
    """The one way a person finds a member by a full ID number outside the roster's own search
    (issue 12, finding 2): it needs ``members.reveal_id_number`` or ``members.transfer_member``,
    is limited per person (``members.id_lookups_per_hour``) in the shared cache, and every
    lookup - found or not, refused or not - is audited (committed in its own transaction, so a
    refusal that follows does not erase it). Returns the member or ``None``; callers answer a
    member outside the scope only as "a member at a union you cannot see"."""
    scope = current_scope()
    if not (
        scope.has_perm("members.reveal_id_number") or scope.has_perm("members.transfer_member")
    ):
        raise PermissionDenied
    check = check_id_number(id_number)
    if not check.ok:
        raise ValidationError({"id_number": check.errors})
    allowed = ratelimit.hit(
        "members-id-lookup",
        f"user:{actor.pk}",
        limit=config.get("members.id_lookups_per_hour"),
        window=3600,
    )
    with transaction.atomic():
        member = find_member_by_id_number(check.value) if allowed else None
        audit.record(
            actor,
            "members.member.id_lookup" if allowed else "members.member.id_lookup_refused",
            member,
            extra={"purpose": purpose, "found": member is not None},
        )
    if not allowed:
        raise ValidationError(
            {
                "id_number": _("按身份证号查询过于频繁，请一小时后再试（")
                + config.describe("members.id_lookups_per_hour")
                + "）"
            }
        )
    return member


def request_transfer(*, actor, id_number, to_org, reason="", new_employer=None):
    """The receiving side asks for a member of another union by ID number (awaiting the
    releasing side). Effects: the transfer, audit events (the lookup is audited even when the
    request then fails)."""
    require_perm("members.transfer_member")
    _require_member_org(to_org)
    member = lookup_by_id_number(actor=actor, id_number=id_number, purpose="transfer")
    if member is None:
        raise ValidationError({"id_number": _("区内没有该身份证号的会员，请直接办理入会")})
    with transaction.atomic():
        return _request(actor, member, to_org, reason, new_employer)


def _request(actor, member, to_org, reason, new_employer=None):
    if member.org.path.startswith(to_org.path):
        raise ValidationError({"id_number": _("该会员已在本工会")})
    _check_transferable(member, to_org)
    transfer = Transfer.unscoped.create(
        member=member,
        from_org=member.org,
        to_org=to_org,
        initiated_by_receiver=True,
        status=TransferStatus.AWAITING_RELEASE,
        reason=reason,
        created_by=actor,
        new_employer=new_employer,
    )
    audit.record(
        actor,
        "members.transfer.request",
        transfer,
        org=to_org,
        extra={"from": member.org.code, "member": member.pk},
    )
    return transfer


@transaction.atomic
def confirm_transfer(*, actor, transfer, on_date=None):
    """The other side confirms: the member moves (history on the member). Effects: the
    transfer done, the member's union, two history events, audit events."""
    transfer = Transfer.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    name = "accept" if transfer.status == TransferStatus.AWAITING_ACCEPT else "release"
    transfer.closed_at = timezone.now()
    TRANSFER_WF.apply(transfer, name, actor=actor)
    _complete(transfer, actor, on_date=on_date)
    return transfer


def _complete(transfer, actor, on_date=None):
    member = Member.unscoped.select_for_update().get(pk=transfer.member_id)
    from_org = member.org
    if transfer.status != TransferStatus.DONE:
        transfer.status, transfer.closed_at = TransferStatus.DONE, timezone.now()
        Transfer.unscoped.filter(pk=transfer.pk).update(
            status=transfer.status, closed_at=transfer.closed_at
        )
    before = member.status
    if transfer.to_org_id:
        member.org = transfer.to_org
        member.employer = transfer.new_employer
        kind = EventKind.TRANSFER_IN
    else:
        member.status = MemberStatus.TRANSFERRED_OUT
        kind = EventKind.TRANSFER_OUT
    member.version = F("version") + 1
    member.save()
    member.refresh_from_db()
    retally(from_org, member.org_id)
    _event(
        member,
        kind,
        actor,
        on_date=on_date,
        from_status=before,
        to_status=member.status,
        from_org=from_org,
        to_org=transfer.to_org,
        note=transfer.moved_note(),
    ).save()
    audit.record(
        actor,
        "members.transfer.complete",
        transfer,
        extra={"member": member.pk, "to": transfer.destination},
    )


@transaction.atomic
def withdraw_transfer(*, actor, transfer, reason):
    """The initiating side withdraws a pending transfer, with a reason."""
    return _close(actor, transfer, "withdraw", reason)


@transaction.atomic
def refuse_transfer(*, actor, transfer, reason):
    """The side asked to confirm refuses, with a reason."""
    return _close(actor, transfer, "refuse", reason)


def _close(actor, transfer, name, reason):
    transfer = Transfer.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    transfer.close_reason = reason.strip()[:300]
    transfer.closed_at = timezone.now()
    TRANSFER_WF.apply(transfer, name, actor=actor, reason=reason)
    audit.record(actor, f"members.transfer.{name}", transfer, extra={"reason": reason[:300]})
    return transfer
