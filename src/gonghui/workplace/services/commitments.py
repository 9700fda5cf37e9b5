"""Joint commitments: creation, checks, outcome."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_perm

from ..models import (
    CommitmentCheck,
    CommitmentStatus,
    JointCommitment,
)
from ._common import (
    _require_employer_in_scope,
    _sane_dates,
)

# --- Joint commitments ------------------------------------------------------------------------


@transaction.atomic
def create_commitment(
    *,
    actor,
    employer,
    title,
    pledges,
    start_date,
    end_date,
    signed_on,
    union_signatory,
    employer_signatory,
    details="",
):
    require_perm("workplace.change_commitment")
    _require_employer_in_scope(employer)
    _sane_dates(start_date=start_date, end_date=end_date, signed_on=signed_on)
    if end_date <= start_date:
        raise ValidationError({"end_date": _("结束日期须晚于开始日期")})
    if not pledges:
        raise ValidationError({"pledges": _("请至少选择一项约定")})
    commitment = JointCommitment.objects.create(
        org=employer.org,
        employer=employer,
        title=title,
        pledges=list(pledges),
        details=details,
        start_date=start_date,
        end_date=end_date,
        signed_on=signed_on,
        union_signatory=union_signatory,
        employer_signatory=employer_signatory,
        created_by=actor,
    )
    audit.record(actor, "workplace.commitment.create", commitment)
    return commitment


@transaction.atomic
def record_check(*, actor, commitment, checked_on, kept, findings):
    require_perm("workplace.change_commitment")
    if commitment.status != CommitmentStatus.ACTIVE:
        raise ValidationError(_("约定行动已结束"))
    _sane_dates(checked_on=checked_on)
    check = CommitmentCheck.objects.create(
        org=commitment.org,
        commitment=commitment,
        checked_on=checked_on,
        kept=kept,
        findings=findings,
        checked_by=actor,
    )
    audit.record(actor, "workplace.commitment.check", commitment, extra={"kept": kept})
    return check


@transaction.atomic
def close_commitment(*, actor, commitment, kept, outcome, closed_on):
    require_perm("workplace.change_commitment")
    if commitment.status != CommitmentStatus.ACTIVE:
        raise ValidationError(_("约定行动已结束"))
    if not outcome.strip():
        raise ValidationError({"outcome": _("请填写履行结果")})
    commitment.status = CommitmentStatus.KEPT if kept else CommitmentStatus.BROKEN
    commitment.outcome, commitment.closed_on = outcome, closed_on
    commitment.save()
    audit.record(actor, "workplace.commitment.close", commitment, extra={"kept": kept})
    return commitment
