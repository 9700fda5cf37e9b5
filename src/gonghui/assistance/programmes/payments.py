"""Payments (append-only, reversals, idempotency keys, confirmation) and warmth visits."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import require_perm

from .. import services
from ..enums import (
    EntitlementStatus,
    PaymentKind,
    PaymentMethod,
)
from ..models import Entitlement, Payment
from ..services import duplicate_aid as flags


def _existing(idempotency_key, entitlement):
    payment = Payment.unscoped.filter(
        idempotency_key=idempotency_key
    ).first()  # unscoped: an idempotency key is unique across the district
    if payment is not None and payment.entitlement_id != entitlement.pk:
        raise ValidationError(_("该幂等键已用于另一笔发放"))
    return payment


def record_payment(*, actor, entitlement, method, paid_on, idempotency_key, note=""):
    """Pay one approved entitlement. The same idempotency key returns the same payment;
    a second payment while one stands is refused (row lock + unique index)."""
    require_perm("assistance.record_payment")
    if not idempotency_key or len(idempotency_key) > 80:
        raise ValidationError(_("缺少幂等键"))
    if len(note) > 200:
        raise ValidationError({"note": _("备注最多 200 字")})
    payment = _existing(idempotency_key, entitlement)
    if payment is not None:
        return payment
    try:
        return _record_payment(actor, entitlement.pk, method, paid_on, idempotency_key, note)
    except IntegrityError:
        payment = _existing(idempotency_key, entitlement)
        if payment is not None:
            return payment
        raise ValidationError(_("该对象本批次已发放，不能重复发放")) from None


@transaction.atomic
def _record_payment(actor, entitlement_id, method, paid_on, idempotency_key, note):
    entitlement = (
        # lock the entitlement row only: file and worker are nullable (outer joins)
        Entitlement.objects.select_for_update(of=("self",))
        .select_related("file", "worker", "cycle")
        .get(pk=entitlement_id)
    )
    if entitlement.status != EntitlementStatus.APPROVED:
        raise ValidationError(_("名单未审批，不能发放"))
    if method == PaymentMethod.BANK and not entitlement.bank_account:
        raise ValidationError(_("没有本人名下银行账号，不能转账发放"))
    if entitlement.file_id and services.unresolved_exclusions(entitlement.file):
        raise ValidationError(_("该户触发排除规则，不符合条件，不能发放"))
    if flags.refresh_entitlement_flags(entitlement).exists():
        raise ValidationError(_("有未处理的重复/异常提示，请先核实并说明后再发放"))
    payments = Payment.unscoped.filter(
        entitlement=entitlement
    )  # unscoped: payments of an entitlement the caller already holds
    paid = payments.filter(kind=PaymentKind.PAYMENT).count()
    reversed_ = payments.filter(kind=PaymentKind.REVERSAL).count()
    if paid > reversed_:
        raise ValidationError(_("该对象本批次已发放，不能重复发放"))
    last_reversal = payments.filter(kind=PaymentKind.REVERSAL).order_by("-id").first()
    if last_reversal is not None and last_reversal.recorded_by_id == actor.pk:
        raise PermissionDenied(_("四眼原则：冲正人不能再次发放同一笔，请由另一人登记"))
    payment = Payment.objects.create(
        entitlement=entitlement,
        cycle=entitlement.cycle,
        org=entitlement.org,
        kind=PaymentKind.PAYMENT,
        attempt=paid + 1,
        amount=entitlement.amount,
        goods_value=entitlement.goods_value,
        method=method,
        idempotency_key=idempotency_key,
        paid_on=paid_on,
        note=note,
        recorded_by=actor,
    )
    audit.record(
        actor,
        "assistance.payment.record",
        payment,
        extra={"amount": str(payment.amount), "method": method},
    )
    return payment


@transaction.atomic
def reverse_payment(*, actor, payment, reason, idempotency_key):
    """Correct a payment by a reversal entry of the opposite amount (once per payment)."""
    require_perm("assistance.reverse_payment")
    if payment.kind != PaymentKind.PAYMENT:
        raise ValidationError(_("冲正记录不能再冲正"))
    if payment.recorded_by_id == actor.pk:
        raise PermissionDenied(_("四眼原则：登记发放的人不能冲正自己登记的发放"))
    if not reason.strip():
        raise ValidationError({"reason": _("冲正需要填写理由")})
    Entitlement.objects.select_for_update().filter(pk=payment.entitlement_id).first()
    try:
        with transaction.atomic():
            reversal = Payment.objects.create(
                entitlement_id=payment.entitlement_id,
                cycle_id=payment.cycle_id,
                org_id=payment.org_id,
                kind=PaymentKind.REVERSAL,
                attempt=payment.attempt,
                amount=-payment.amount,
                goods_value=-payment.goods_value,
                method=payment.method,
                idempotency_key=idempotency_key,
                reverses=payment,
                paid_on=timezone.localdate(),
                note=reason.strip()[:200],
                recorded_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("该笔发放已冲正")) from None
    audit.record(actor, "assistance.payment.reverse", reversal, extra={"reverses": payment.pk})
    return reversal


def needs_confirmation(payment):
    """A payment above the district-set amount (cash plus goods) waits for a second person."""
    if payment.kind != PaymentKind.PAYMENT:
        return False
    threshold = Decimal(str(config.get("assistance.payment_confirm_above", payment.org)))
    return payment.amount + payment.goods_value > threshold


@transaction.atomic
def confirm_payment(*, actor, payment):
    """The second person confirms a recorded payment (never the one who recorded it)."""
    from ..models import PaymentConfirmation

    require_perm("assistance.confirm_payment")
    if not needs_confirmation(payment):
        raise ValidationError(
            _("该笔发放无需复核（{describe}）").format(
                describe=config.describe("assistance.payment_confirm_above", payment.org)
            )
        )
    if payment.recorded_by_id == actor.pk:
        raise PermissionDenied(_("四眼原则：登记发放的人不能复核自己登记的发放"))
    try:
        with transaction.atomic():
            row = PaymentConfirmation.objects.create(
                payment=payment, org_id=payment.org_id, confirmed_by=actor
            )
    except IntegrityError:
        raise ValidationError(_("该笔发放已复核")) from None
    audit.record(actor, "assistance.payment.confirm", payment)
    return row


@transaction.atomic
def record_warmth_visit(*, actor, entitlement, visited_on, visitors, signed_off_on=None):
    """送温暖: the visit to the household and its sign-off. Only on an approved entitlement;
    the sign-off is not before the visit nor in the future, and once recorded it is never
    changed here (a correction is its own audited act: ``correct_warmth_signoff``)."""
    require_perm("assistance.record_payment")
    entitlement = Entitlement.objects.select_for_update(of=("self",)).get(pk=entitlement.pk)
    if entitlement.status != EntitlementStatus.APPROVED:
        raise ValidationError(_("只有已审批的名单可以登记走访签收（已排除或待审批的不能）"))
    if entitlement.signed_off_on:
        raise ValidationError(_("已签收，签收记录不能修改；如需更正请办理签收更正（留痕）"))
    if not visitors.strip():
        raise ValidationError({"visitors": _("请填写走访人员")})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("走访日期不能晚于今天")})
    if signed_off_on is not None:
        if signed_off_on < visited_on:
            raise ValidationError({"signed_off_on": _("签收日期不能早于走访日期")})
        if signed_off_on > timezone.localdate():
            raise ValidationError({"signed_off_on": _("签收日期不能晚于今天")})
    entitlement.visited_on, entitlement.visitors = visited_on, visitors.strip()
    entitlement.signed_off_on = signed_off_on
    entitlement.signed_off_by = actor if signed_off_on else None
    entitlement.save(update_fields=["visited_on", "visitors", "signed_off_on", "signed_off_by"])
    audit.record(
        actor,
        "assistance.entitlement.visit",
        entitlement,
        extra={"signed_off": signed_off_on.isoformat() if signed_off_on else ""},
    )
    return entitlement


@transaction.atomic
def correct_warmth_signoff(*, actor, entitlement, signed_off_on, reason):
    """Correct a recorded 送温暖 sign-off date: a new audited act with the reason and the
    date before and after, by someone other than the one who recorded the sign-off."""
    require_perm("assistance.reverse_payment")
    entitlement = Entitlement.objects.select_for_update(of=("self",)).get(pk=entitlement.pk)
    if not entitlement.signed_off_on:
        raise ValidationError(_("尚未签收，无需更正"))
    if not reason.strip():
        raise ValidationError({"reason": _("更正需要填写理由")})
    if entitlement.signed_off_by_id == actor.pk:
        raise PermissionDenied(_("四眼原则：登记签收的人不能更正自己的签收记录"))
    if signed_off_on < entitlement.visited_on or signed_off_on > timezone.localdate():
        raise ValidationError({"signed_off_on": _("签收日期须在走访日期与今天之间")})
    before = entitlement.signed_off_on
    entitlement.signed_off_on, entitlement.signed_off_by = signed_off_on, actor
    entitlement.save(update_fields=["signed_off_on", "signed_off_by"])
    audit.record(
        actor,
        "assistance.entitlement.signoff_correct",
        entitlement,
        changes={"signed_off_on": [before.isoformat(), signed_off_on.isoformat()]},
        extra={"reason": reason.strip()[:200]},
    )
    return entitlement


def paid_total(cycle):
    return Payment.objects.filter(cycle=cycle).aggregate(total=Sum("amount"))["total"] or Decimal(
        "0"
    )
