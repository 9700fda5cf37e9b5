"""Members: create, update, change of status, linking a login."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.phones import normalize_phone as check_phone
from gonghui.core.text.punctuation import joined
from gonghui.core.versions import require_current_version

from ..models import (
    EDIT_NOTE,
    JOIN_NOTE,
    OPEN_TRANSFER,
    EmploymentForm,
    EventKind,
    Member,
    MemberStatus,
    Transfer,
    event_note,
)
from ..tallies import retally
from ._common import (
    _event,
    _raise,
    _require_member_in_scope,
    _require_member_org,
    card_number_for,
    check_identity,
    find_member_by_id_number,
)

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
    note=JOIN_NOTE,
):
    """Register a new member. Effects: the member, a join event, an audit event.

    Refused: an invalid ID, gender or birth date contradicting it, a bad phone number, a join
    date in the future or under the minimum age, an ID already on the roster (anywhere in the
    district: a member of another union is transferred, not registered twice). ``note`` is the
    message of the join event's note (``JOIN_NOTE``, ``APPROVED_NOTE``), worded when read.
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
            raise ValidationError(
                {"id_number": _("该身份证号已登记为会员（{name}）").format(name=existing.org.name)}
            )
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
        note=event_note(note),
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
        raise ValidationError(_("不能修改：{values}").format(values=joined(sorted(unknown))))
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
    changed = [*changes, *sensitive_changed]
    if changed:  # the fields by name, worded by their labels when read
        _event(member, EventKind.EDIT, actor, note=event_note(EDIT_NOTE, fields=changed)).save()
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
            {
                "status": _("不能从“{get_status_display}”改为“{label}”").format(
                    get_status_display=member.get_status_display(), label=MemberStatus(status).label
                )
            }
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
