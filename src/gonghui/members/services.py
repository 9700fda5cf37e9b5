"""Writes to the roster: members, status changes, transfers (会籍接转) and joining applications.

Every function takes the acting user first, runs in one transaction, checks the permission and
the scope, and writes its audit event (never with ID or phone numbers in it).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config, notify, ratelimit
from gonghui.core.crypto import blind_index
from gonghui.core.fields import blind_index_for
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.text.idnumbers import age_on, check_id_number
from gonghui.core.text.phones import normalize_phone as check_phone
from gonghui.core.versions import require_current_version
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import GRASSROOTS_KINDS, OrgKind

from .models import (
    KEEPS_MEMBERSHIP,
    OPEN_TRANSFER,
    ApplicationStatus,
    EmploymentForm,
    EventKind,
    JoinApplication,
    Member,
    MembershipEvent,
    MemberStatus,
    Transfer,
    TransferStatus,
)
from .tallies import retally

config.define(
    "members.min_join_age",
    16,
    gettext_lazy("入会最低年龄（周岁）"),
    gettext_lazy("入会日期时未满此年龄的不能入会（劳动法规定的最低就业年龄）"),
)
config.define(
    "members.id_lookups_per_hour",
    10,
    gettext_lazy("按身份证号查询上限（每人每小时）"),
    gettext_lazy("发起转入等按完整身份证号查找会员的操作，每人每小时最多次数；每次查询都记入审计日志"),
)
config.define(
    "members.join_rate_limit", 5, gettext_lazy("在线入会申请频率上限"), gettext_lazy("同一网络地址每小时最多提交的入会申请数")
)

MEMBER_ORG_KINDS = GRASSROOTS_KINDS | {OrgKind.GROUP}
# Fields written to the audit log (no ID or phone numbers, not even their tails).
AUDIT_FIELDS = [
    "org",
    "employer",
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "political_status",
    "employment_form",
    "join_date",
    "card_number",
    "status",
]
EDITABLE_FIELDS = {
    "name",
    "id_number",
    "phone",
    "ethnicity",
    "education",
    "political_status",
    "employment_form",
    "employer",
    "join_date",
    "card_number",
    "gender",
    "birth_date",
}

# Status changes staff may record; transfers out go through the transfer workflow.
STATUS_CHANGES = {
    MemberStatus.ACTIVE: {
        MemberStatus.RETIRED,
        MemberStatus.UNEMPLOYED,
        MemberStatus.WITHDRAWN,
        MemberStatus.DECEASED,
    },
    MemberStatus.RETIRED: {MemberStatus.ACTIVE, MemberStatus.WITHDRAWN, MemberStatus.DECEASED},
    MemberStatus.UNEMPLOYED: {
        MemberStatus.ACTIVE,
        MemberStatus.RETIRED,
        MemberStatus.WITHDRAWN,
        MemberStatus.DECEASED,
    },
    MemberStatus.WITHDRAWN: {MemberStatus.ACTIVE},
    MemberStatus.TRANSFERRED_OUT: {MemberStatus.ACTIVE},
    MemberStatus.DECEASED: set(),
}
REASON_NEEDED = {MemberStatus.WITHDRAWN, MemberStatus.DECEASED}


# --- shared checks ------------------------------------------------------------------------------


def check_identity(id_raw, *, gender=None, birth_date=None, join_date=None, today=None):
    """Check an ID number against the other facts of a person.

    Returns ``(check, errors, warnings)``: ``check`` is the ``IdCheck`` (normalised value, birth
    date, gender), ``errors``/``warnings`` lists of ``(field, message)`` in Chinese.
    """
    today = today or datetime.date.today()
    check = check_id_number(id_raw, today=today)
    errors = [("id_number", e) for e in check.errors]
    warnings = [("id_number", w) for w in check.warnings]
    if errors:
        return check, errors, warnings
    if gender and gender != check.gender:
        errors.append(
            (
                "gender",
                _("性别与身份证号不符（身份证号第 17 位显示为{value}）").format(value=_("男") if check.gender == "M" else _("女")),
            )
        )
    if birth_date and birth_date != check.birth_date:
        errors.append(("birth_date", _("出生日期与身份证号不符")))
    if join_date:
        if join_date > today:
            errors.append(("join_date", _("入会日期晚于今天")))
        elif check.birth_date and join_date < check.birth_date:
            errors.append(("join_date", _("入会日期早于出生日期")))
        else:
            min_age = config.get("members.min_join_age")
            if check.birth_date and age_on(check.birth_date, join_date) < min_age:
                errors.append(
                    (
                        "join_date",
                        _("入会时未满 {min_age} 周岁（{describe}）").format(min_age=min_age, describe=config.describe('members.min_join_age')),
                    )
                )
    return check, errors, warnings


def _raise(errors):
    if errors:
        merged = {}
        for field, message in errors:
            merged.setdefault(field, []).append(message)
        raise ValidationError(merged)


def card_number_for(id_number):
    """A member card number derived from the person (stable, unique, not the ID itself)."""
    return "GH" + blind_index(id_number, "members.card_number")[:16].upper()


def find_member_by_id_number(id_number):
    """The member with this ID number anywhere in the district (cross-scope uniqueness check)."""
    index = blind_index_for(Member, "id_number", id_number)
    return Member.unscoped.select_related("org").filter(id_number_index=index).first()


def _require_member_org(org):
    # An org outside the active subtree does not exist for this user.
    if not org_in_scope(org):
        raise Http404
    if not org.is_active:
        raise ValidationError({"org": _("该组织已撤销或合并")})
    if org.kind not in MEMBER_ORG_KINDS:
        raise ValidationError({"org": _("会员只能登记在基层工会或工会小组")})


def _require_member_in_scope(member):
    if not org_in_scope(member.org):
        raise Http404


def _event(
    member,
    kind,
    actor,
    *,
    on_date=None,
    from_status="",
    to_status="",
    from_org=None,
    to_org=None,
    note="",
):
    return MembershipEvent(
        member=member,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        on_date=on_date or datetime.date.today(),
        from_status=from_status,
        to_status=to_status,
        from_org=from_org,
        to_org=to_org,
        note=note[:300],
    )


# --- members ------------------------------------------------------------------------------------


@transaction.atomic
def create_member(
    *,
    actor,
    org,
    name,
    id_number,
    phone="",
    gender=None,
    birth_date=None,
    ethnicity="汉族",  # i18n: data
    education="",
    employment_form=EmploymentForm.REGULAR,
    employer=None,
    join_date=None,
    card_number="",
    user=None,
    political_status="",
    note=gettext_lazy("入会"),  # noqa: B008  (evaluated when used)
):
    """Register a new member. Effects: the member, a join event, an audit event.

    Refused: an invalid ID, gender or birth date contradicting it, a bad phone number, a join
    date in the future or under the minimum age, an ID already on the roster (anywhere in the
    district: a member of another union is transferred, not registered twice).
    """
    require_perm("members.add_member")
    _require_member_org(org)
    join_date = join_date or datetime.date.today()
    check, errors, _warnings = check_identity(
        id_number, gender=gender, birth_date=birth_date, join_date=join_date
    )
    phone_value, phone_error = check_phone(phone, required=False)
    if phone_error:
        errors.append(("phone", phone_error))
    if not (name or "").strip():
        errors.append(("name", _("请填写姓名")))
    _raise(errors)
    existing = find_member_by_id_number(check.value)
    if existing is not None:
        if org_in_scope(existing.org):
            raise ValidationError({"id_number": _("该身份证号已登记为会员（{name}）").format(name=existing.org.name)})
        raise ValidationError({"id_number": _("该身份证号已是其他工会的会员，请发起会籍接转")})
    if employer is not None and not org_in_scope(employer.org):
        raise ValidationError({"employer": _("该单位不在您的管理范围内")})
    card_number = (card_number or "").strip() or card_number_for(check.value)
    if Member.unscoped.filter(card_number=card_number).exists():
        raise ValidationError({"card_number": _("会员证号已被使用")})
    member = Member(
        org=org,
        name=name.strip(),
        gender=check.gender,
        birth_date=check.birth_date,
        id_number=check.value,
        phone=phone_value,
        ethnicity=ethnicity or "",
        education=education or "",
        political_status=political_status or "",
        employment_form=employment_form,
        employer=employer,
        join_date=join_date,
        card_number=card_number,
        status=MemberStatus.ACTIVE,
        user=user,
    )
    member.save()
    _event(
        member,
        EventKind.JOIN,
        actor,
        on_date=join_date,
        to_status=MemberStatus.ACTIVE,
        to_org=org,
        note=note,
    ).save()
    retally(org)
    audit.record(
        actor,
        "members.member.create",
        member,
        changes=audit.diff({}, audit.snapshot(member, AUDIT_FIELDS)),
    )
    return member


@transaction.atomic
def update_member(*, actor, member, version=None, **fields):
    """Edit a member's details. Refuses a stale form (``version``) and the same checks as
    ``create_member``. Effects: the member (version + 1), an edit event, an audit event."""
    require_perm("members.change_member")
    _require_member_in_scope(member)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("不能修改：{values}").format(values='、'.join(sorted(unknown))))
    member = Member.objects.select_for_update().get(pk=member.pk)
    require_current_version(member, version, _("该记录已被他人修改，请刷新后重新编辑"))
    before = audit.snapshot(member, AUDIT_FIELDS)
    id_number = fields.get("id_number") or member.id_number
    check, errors, _w = check_identity(
        id_number,
        gender=fields.get("gender"),
        birth_date=fields.get("birth_date"),
        join_date=fields.get("join_date"),
    )
    if "phone" in fields:
        fields["phone"], phone_error = check_phone(fields["phone"], required=False)
        if phone_error:
            errors.append(("phone", phone_error))
    _raise(errors)
    if check.value != member.id_number:
        other = find_member_by_id_number(check.value)
        if other is not None and other.pk != member.pk:
            raise ValidationError({"id_number": _("该身份证号已登记为其他会员")})
    if (
        fields.get("card_number")
        and Member.unscoped.filter(card_number=fields["card_number"]).exclude(pk=member.pk).exists()
    ):
        raise ValidationError({"card_number": _("会员证号已被使用")})
    employer = fields.get("employer")
    if employer is not None and not org_in_scope(employer.org):
        raise ValidationError({"employer": _("该单位不在您的管理范围内")})
    sensitive_changed = _sensitive_changes(member, check.value, fields.get("phone"))
    fields.update(id_number=check.value, gender=check.gender, birth_date=check.birth_date)
    for name, value in fields.items():
        setattr(member, name, value)
    member.version = F("version") + 1
    member.save()
    member.refresh_from_db()
    retally(member.org_id)
    changes = audit.diff(before, audit.snapshot(member, AUDIT_FIELDS))
    labels = [Member._meta.get_field(n).verbose_name for n in [*changes, *sensitive_changed]]
    if labels:
        _event(member, EventKind.EDIT, actor, note=_("修改：") + "、".join(map(str, labels))).save()
    audit.record(
        actor,
        "members.member.update",
        member,
        changes=changes,
        extra={"sensitive_fields_changed": sensitive_changed},
    )
    return member


def _sensitive_changes(member, id_number, phone):
    changed = []
    if id_number != member.id_number:
        changed.append("id_number")
    if phone is not None and phone != member.phone:
        changed.append("phone")
    return changed


@transaction.atomic
def change_status(*, actor, member, status, on_date=None, reason=""):
    """Record a dated change of membership status (retired, unemployed, withdrawn, deceased,
    back to active). Effects: the member, a history event, an audit event."""
    require_perm("members.change_member")
    _require_member_in_scope(member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    on_date = on_date or datetime.date.today()
    if status not in STATUS_CHANGES.get(member.status, set()):
        raise ValidationError(
            {"status": _("不能从“{get_status_display}”改为“{label}”").format(get_status_display=member.get_status_display(), label=MemberStatus(status).label)}
        )
    if on_date > datetime.date.today():
        raise ValidationError({"on_date": _("日期不能晚于今天")})
    if status in REASON_NEEDED and not reason.strip():
        raise ValidationError({"reason": _("请填写原因")})
    if Transfer.unscoped.filter(member=member, status__in=OPEN_TRANSFER).exists():
        raise ValidationError(_("该会员有进行中的会籍接转，请先办结或撤回"))
    before = member.status
    kind = (
        EventKind.REJOIN
        if before in (MemberStatus.WITHDRAWN, MemberStatus.TRANSFERRED_OUT)
        else EventKind.STATUS
    )
    member.status = status
    member.version = F("version") + 1
    member.save()
    member.refresh_from_db()
    retally(member.org_id)
    _event(
        member, kind, actor, on_date=on_date, from_status=before, to_status=status, note=reason
    ).save()
    audit.record(
        actor,
        "members.member.change_status",
        member,
        changes={"status": [before, status]},
        extra={"on_date": str(on_date)},
    )
    return member


@transaction.atomic
def link_user(*, actor, member, user):
    """Link a login to a member (for the member's own pages)."""
    require_perm("members.change_member")
    _require_member_in_scope(member)
    Member.objects.filter(pk=member.pk).update(user=user, version=F("version") + 1)
    audit.record(actor, "members.member.link_user", member, extra={"user": user.username})


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
        raise ValidationError(_("会籍状态为“{get_status_display}”，不能接转").format(get_status_display=member.get_status_display()))
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
        note=_("转往：{destination}").format(destination=transfer.destination) + (f"；{transfer.reason}" if transfer.reason else ""),
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


# --- online joining (入会申请) ------------------------------------------------------------------

CONSENT_VERSION = "2025-01"


def _rate_limited(client_key):
    """Applications per client address per hour, in the shared cache (core.ratelimit)."""
    return not ratelimit.hit(
        "public:members-join",
        client_key,
        limit=config.get("members.join_rate_limit"),
        window=ratelimit.PUBLIC_WINDOW,
    )


@transaction.atomic
def submit_application(
    *, org, name, id_number, phone, employer_name, employment_form, consent, client_key
):
    """A worker applies on the public joining page. Returns the application.

    A repeat of a pending application (same person, same union) returns the pending one and
    stores nothing new; a person already on the roster is flagged for staff (the public page
    says nothing about who is a member). Effects: the application, an audit event.
    """
    if _rate_limited(client_key):
        raise ValidationError(
            _("提交过于频繁，请一小时后再试（{describe}）").format(describe=config.describe('members.join_rate_limit'))
        )
    if not org.is_active or org.kind not in GRASSROOTS_KINDS:
        raise Http404
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知书")})
    check, errors, _w = check_identity(id_number, join_date=datetime.date.today())
    phone_value, phone_error = check_phone(phone)
    if phone_error:
        errors.append(("phone", phone_error))
    if not (name or "").strip():
        errors.append(("name", _("请填写姓名")))
    if not (employer_name or "").strip():
        errors.append(("employer_name", _("请填写工作单位")))
    _raise([(f, m.replace(_("入会时"), _("申请时"))) for f, m in errors])
    index = blind_index_for(JoinApplication, "id_number", check.value)
    pending = JoinApplication.unscoped.filter(
        org=org, id_number_index=index, status=ApplicationStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    application = JoinApplication.unscoped.create(
        org=org,
        name=name.strip(),
        id_number=check.value,
        phone=phone_value,
        employer_name=employer_name.strip(),
        employment_form=employment_form,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        already_member=find_member_by_id_number(check.value) is not None,
    )
    audit.record(None, "members.application.submit", application)
    return application


notify.register_template(
    "members.application_approved",
    "【{sign}】您的入会申请已通过，欢迎加入{union}。激活会员账号后可在手机上查看电子会员证：{url}",
)
notify.register_template(
    "members.application_rejected",
    "【{sign}】您申请加入{union}的入会申请未获批准，理由：{reason}。如有疑问请联系该工会。",
)


def _tell_applicant(application, template_key, **params):
    """Text the applicant the decision (sent after commit; nothing if rolled back). The message
    names the union and, for a refusal, the reason, nothing about the person."""
    if not application.phone:
        return
    org = application.org
    params = {"sign": org.get_root().name, "union": org.name, **params}
    notify.send_sms(application.phone, template_key, params, related=application)


@transaction.atomic
def approve_application(*, actor, application, employer=None, join_date=None):
    """Staff approve: the member is created from the application. Refused for a person
    already on the roster (a transfer is the way for them)."""
    require_perm("members.review_application")
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("该申请已处理"))
    if find_member_by_id_number(application.id_number) is not None:
        raise ValidationError(
            _("该申请人已是会员（可能在其他工会），不能重复入会；如需转会请办理会籍接转")
        )
    member = create_member(
        actor=actor,
        org=application.org,
        name=application.name,
        id_number=application.id_number,
        phone=application.phone,
        employment_form=application.employment_form,
        employer=employer,
        join_date=join_date,
        note=_("在线入会申请批准"),
    )
    application.status = ApplicationStatus.APPROVED
    application.member = member
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    audit.record(actor, "members.application.approve", application, extra={"member": member.pk})
    _tell_applicant(
        application, "members.application_approved", url=notify.site_url(reverse("portal:activate"))
    )
    return application


@transaction.atomic
def reject_application(*, actor, application, reason):
    """Staff reject with a reason."""
    require_perm("members.review_application")
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("该申请已处理"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写不予批准的理由")})
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason.strip()[:300]
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    audit.record(actor, "members.application.reject", application, extra={"reason": reason})
    _tell_applicant(application, "members.application_rejected", reason=application.decision_reason)
    return application


# --- org lifecycle hooks (registered in apps.ready) ---------------------------------------------


def holding_count(org):
    """Members who keep membership in ``org``'s subtree: they block dissolving it."""
    from gonghui.core.scoping import subtree_q

    return Member.unscoped.filter(
        subtree_q(org.path, "org_path"), status__in=KEEPS_MEMBERSHIP
    ).count()


def move_on_merge(source, target):
    """Members and pending applications of ``source`` move to ``target`` on a merge."""
    moved = Member.unscoped.filter(org=source).update(
        org=target, org_path=target.path, version=F("version") + 1
    )
    JoinApplication.unscoped.filter(org=source, status=ApplicationStatus.PENDING).update(org=target)
    retally(source, target)
    return moved
