"""Benefit forecast and confirmation, rewards by band, payment."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.core import audit
from gonghui.core.scoping import require_perm

from .. import selectors
from ..models import (
    RewardBand,
)
from ._common import _fresh, _money, _transition


@transaction.atomic
def update_forecast(*, actor, proposal, expected_benefit):
    """Correct the forecast benefit; refused once the benefit is confirmed (locked)."""
    require_perm("innovation.manage_implementation")
    proposal = _fresh(proposal)
    if proposal.benefit_locked:
        raise ValidationError(gettext("效益已确认锁定，不能修改"))
    before = audit.snapshot(proposal)
    proposal.expected_benefit = _money(expected_benefit, "expected_benefit")
    proposal.version += 1
    proposal.save()
    audit.record_edit(actor, "innovation.proposal.forecast", proposal, before)
    return proposal


@transaction.atomic
def confirm_benefit(*, actor, proposal, actual_benefit, basis):
    """Confirm the actual yearly benefit; from now on it is locked."""
    proposal = _fresh(proposal)
    if proposal.benefit_locked:
        raise ValidationError(gettext("效益已确认锁定，不能修改"))
    if not basis.strip():
        raise ValidationError({"basis": gettext("请填写效益测算依据")})
    return _transition(
        actor,
        proposal,
        "confirm_benefit",
        actual_benefit=_money(actual_benefit, "actual_benefit"),
        benefit_basis=basis.strip(),
        benefit_confirmed_by=actor,
        benefit_confirmed_at=timezone.now(),
    )


@transaction.atomic
def approve_reward(*, actor, proposal, amount=None):
    """Approve the reward from the band of the confirmed benefit: ``amount`` (default the band's
    suggestion) must lie within the band, and the band used is recorded with the proposal."""
    proposal = _fresh(proposal)
    band, suggested = selectors.reward_for(proposal.actual_benefit or 0)
    if band is None:
        raise ValidationError(gettext("该效益不在奖励档次表内"))
    amount = suggested if amount in (None, "") else _money(amount, "amount")
    if not band.reward_min <= amount <= band.reward_max:
        raise ValidationError(
            {
                "amount": gettext("奖励金额须在本档次范围内：{describe}").format(
                    describe=band.describe()
                )
            }
        )
    return _transition(
        actor,
        proposal,
        "approve_reward",
        reward_amount=amount,
        reward_band=band.describe()[:200],
        reward_band_terms={
            "min_benefit": str(band.min_benefit),
            "reward_min": str(band.reward_min),
            "reward_max": str(band.reward_max),
            "label": band.label,
            "upper": None if band.upper is None else str(band.upper),
        },
        reward_approved_by=actor,
    )


@transaction.atomic
def record_payment(*, actor, proposal, paid_on, reference=""):
    proposal = _fresh(proposal)
    return _transition(actor, proposal, "pay", paid_on=paid_on, payment_reference=reference.strip())


@transaction.atomic
def set_reward_bands(*, actor, rows):
    """Replace the district's reward table: rows of (min benefit, reward min, reward max, label).
    Rewards already approved keep the band text recorded with them."""
    require_perm("innovation.manage_bands")
    if not rows:
        raise ValidationError(gettext("奖励档次表不能为空"))
    mins = [Decimal(str(r[0])) for r in rows]
    if len(set(mins)) != len(mins):
        raise ValidationError(gettext("年效益下限不能重复"))
    before = [str(b) for b in RewardBand.objects.all()]
    RewardBand.objects.all().delete()
    for low, rmin, rmax, label in rows:
        if Decimal(str(rmax)) < Decimal(str(rmin)) or Decimal(str(rmin)) < 0:
            raise ValidationError(gettext("奖励上限不能低于下限，且不能为负数"))
        RewardBand.objects.create(min_benefit=low, reward_min=rmin, reward_max=rmax, label=label)
    audit.record(
        actor,
        "innovation.bands.update",
        None,
        extra={"before": before, "after": [str(r) for r in rows]},
    )
