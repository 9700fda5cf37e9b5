"""Public notice, objections and the award decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.punctuation import joined
from gonghui.core.workdays import add_working_days

from ..models import (
    Nomination,
    NominationStatus,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
)
from ..workflows import NOMINATION_WORKFLOW as WF
from ..workflows import award_problems
from ._common import _lock, _require_manager

# --- public notice and objections ---------------------------------------------------------------


def notice_end_for(round_, start):
    return add_working_days(start, round_.notice_working_days)


@transaction.atomic
def publish_notice(*, actor, nomination, start=None):
    """Put a nomination the organiser approved on public notice for the round's working days."""
    nomination = _lock(nomination)
    _require_manager(nomination.round)
    start = start or timezone.localdate()
    nomination.notice_start = start
    nomination.notice_end = notice_end_for(nomination.round, start)
    WF.apply(
        nomination,
        "publish_notice",
        actor=actor,
        data={"notice": [start.isoformat(), nomination.notice_end.isoformat()]},
    )
    audit.record(
        actor,
        "honours.nomination.publish_notice",
        nomination,
        extra={"start": str(start), "end": str(nomination.notice_end)},
    )
    return nomination


def raise_objection(
    *, nomination_id, public_key, text, contact_name="", contact_phone="", today=None
):
    """Anyone may object to a nominee on public notice (no login). Returns the objection."""
    today = today or timezone.localdate()
    text = text.strip()
    if len(text) < 10:
        raise ValidationError({"text": _("请具体说明异议内容（至少 10 个字）")})
    with transaction.atomic():
        nomination = (
            # unscoped: public page, read by its key only
            Nomination.unscoped.select_related("round", "org")
            .filter(
                pk=nomination_id, round__public_key=public_key, status=NominationStatus.IN_NOTICE
            )
            .first()
        )
        if nomination is None or not (nomination.notice_start <= today <= nomination.notice_end):
            raise ValidationError({"nomination": _("该对象不在公示期内")})
        objection = Objection.objects.create(
            nomination=nomination,
            org=nomination.org,
            text=text,
            contact_name=contact_name.strip()[:50],
            contact_phone=contact_phone.strip(),
        )
        audit.record(None, "honours.objection.create", nomination, org=nomination.org)
    return objection


@transaction.atomic
def answer_objection(*, actor, objection, outcome, answer):
    """Record the checked answer to an objection (required before any award)."""
    require_perm("honours.answer_objection")
    if not org_in_scope(objection.org) and not org_in_scope(objection.nomination.round.org):
        raise Http404
    # Objections are checked and answered by the organiser, not by the nominating union.
    if not org_in_scope(objection.nomination.round.org):
        raise PermissionDenied(_("异议由评选组织单位核查答复"))
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("该异议已答复"))
    if outcome not in ObjectionOutcome.values:
        raise ValidationError({"outcome": _("请选择核查结论")})
    if not answer.strip():
        raise ValidationError({"answer": _("请填写答复内容")})
    objection.status = ObjectionStatus.ANSWERED
    objection.outcome = outcome
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    audit.record(
        actor,
        "honours.objection.answer",
        objection.nomination,
        extra={"objection": objection.pk, "outcome": outcome},
    )
    return objection


# --- decisions ---------------------------------------------------------------------------------


@transaction.atomic
def award(*, actor, nomination, reason=""):
    """Award the honour: the notice has ended, every objection is answered, within the quota.
    Gives the certificate number."""
    nomination = _lock(nomination)
    _require_manager(nomination.round, "honours.decide_award")
    problems = award_problems(nomination)
    if problems:
        raise ValidationError(_("不能授予：") + joined(problems, "semicolon"))
    round_ = nomination.round
    sequence = round_.nominations.filter(status=NominationStatus.AWARDED).count() + 1
    nomination.certificate_no = f"{round_.year}-{round_.pk:04d}-{sequence:03d}"
    nomination.decided_at = timezone.now()
    nomination.decision_reason = reason
    WF.apply(
        nomination,
        "award",
        actor=actor,
        reason=reason,
        data={} if reason else {"no_objection": True},
    )
    audit.record(
        actor,
        "honours.nomination.award",
        nomination,
        extra={"certificate_no": nomination.certificate_no},
    )
    return nomination


@transaction.atomic
def refuse_award(*, actor, nomination, reason):
    nomination = _lock(nomination)
    _require_manager(nomination.round, "honours.decide_award")
    nomination.decided_at = timezone.now()
    nomination.decision_reason = reason
    WF.apply(nomination, "not_award", actor=actor, reason=reason)
    audit.record(actor, "honours.nomination.not_award", nomination, extra={"reason": reason})
    return nomination
