"""The member's rights over their data (PIPL: corrections, withdrawn consent, downloads) and
officials linked to their member records."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.workdays import add_working_days
from gonghui.members.models import KEEPS_MEMBERSHIP, Member

from ..models import CorrectionRequest, CorrectionStatus
from ._common import (
    OPTIONAL_FIELDS,
)

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
    from ..models import OfficialMember

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
