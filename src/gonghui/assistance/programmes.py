"""Writes on programmes, cycles, budgets, entitlements and payments.

Guarantees, enforced by the database and row locks (not only by these checks):
- one entitlement per beneficiary per cycle (unique index);
- a budget is debited only under ``select_for_update`` and the database refuses a budget whose
  ``used`` would exceed ``amount`` or fall below zero (check constraints);
- one payment per entitlement attempt (unique index), every payment request carries a unique
  idempotency key, and payments are never edited or deleted: a correction is a reversal.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm

from . import flags, services
from .enums import (
    WORKER_PROGRAMMES,
    CycleStatus,
    EntitlementStatus,
    FileStatus,
    JoblessStatus,
    PaymentKind,
    PaymentMethod,
    ProgrammeKind,
)
from .models import Budget, Cycle, Entitlement, Payment, Programme
from .services import parse_amount


@transaction.atomic
def create_programme(*, actor, org, kind, name, description=""):
    require_perm("assistance.manage_programme")
    if not org_in_scope(org):
        raise PermissionDenied
    programme = Programme.objects.create(
        org=org, kind=kind, name=name.strip(), description=description, created_by=actor
    )
    audit.record(actor, "assistance.programme.create", programme)
    return programme


@transaction.atomic
def open_cycle(
    *,
    actor,
    programme,
    name,
    year,
    start_date,
    end_date,
    cash_amount=None,
    goods_value=None,
    goods_description="",
):
    """Open a cycle of a programme. 送温暖 cycles default to the configured cash and goods."""
    require_perm("assistance.manage_programme")
    # A union may use a district campaign but only the programme's own org runs its cycles.
    if not org_in_scope(programme.org):
        raise PermissionDenied(_("只有主办工会可以新建批次"))
    if end_date < start_date:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
    if programme.kind == ProgrammeKind.WARMTH:
        cash_amount = (
            cash_amount if cash_amount is not None else config.get("assistance.warmth_cash")
        )
        goods_value = (
            goods_value if goods_value is not None else config.get("assistance.warmth_goods")
        )
    cycle = Cycle.objects.create(
        programme=programme,
        org=programme.org,
        name=name.strip(),
        year=year,
        start_date=start_date,
        end_date=end_date,
        cash_amount=cash_amount or Decimal("0"),
        goods_value=goods_value or Decimal("0"),
        goods_description=goods_description,
        created_by=actor,
    )
    audit.record(actor, "assistance.cycle.open", cycle)
    return cycle


@transaction.atomic
def set_budget(*, actor, cycle, org, fund_source, amount):
    """Set an org's budget from one fund source in a cycle (never below what is used)."""
    require_perm("assistance.manage_programme")
    if not org_in_scope(org):
        raise PermissionDenied
    amount = parse_amount(amount, "amount")
    budget = (
        Budget.objects.select_for_update()
        .filter(cycle=cycle, org=org, fund_source=fund_source)
        .first()
    )
    if budget is None:
        budget = Budget.objects.create(cycle=cycle, org=org, fund_source=fund_source, amount=amount)
    else:
        if amount < budget.used:
            raise ValidationError({"amount": _("预算不能低于已使用的 ¥{used:,.2f}").format(used=budget.used)})
        budget.amount = amount
        budget.save(update_fields=["amount"])
    audit.record(
        actor,
        "assistance.budget.set",
        cycle,
        org=org,
        changes={"fund_source": fund_source, "amount": str(amount)},
    )
    return budget


def budget_for(cycle, org, fund_source=None):
    """The cycle's budget of the nearest org up ``org``'s tree (optionally of one source)."""
    paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    budgets = Budget.unscoped.filter(cycle=cycle, org__path__in=paths)
    if fund_source:
        budgets = budgets.filter(fund_source=fund_source)
    budget = budgets.order_by("-org__depth", "id").first()
    if budget is None:
        raise ValidationError(_("本批次没有覆盖该工会的预算"))
    return budget


def _entitlement_amount(cycle, file, student, amount, own_share):
    """(amount, goods, rule text) by the programme's rules."""
    kind = cycle.programme.kind
    if kind == ProgrammeKind.WARMTH:
        return (
            cycle.cash_amount,
            cycle.goods_value,
            (_("送温暖标准：现金 ¥{cash_amount:,.2f} + 物资 ¥{goods_value:,.2f}").format(cash_amount=cycle.cash_amount, goods_value=cycle.goods_value)),
        )
    if kind == ProgrammeKind.EDUCATION:
        if student is None or student.file_id != file.pk:
            raise ValidationError({"student": _("请选择本户在校学生")})
        amounts = config.get("assistance.education_amounts", file.org)
        if student.schooling not in amounts:
            raise ValidationError({"student": _("该学生的学段不在资助范围内")})
        value = Decimal(str(amounts[student.schooling]))
        return (
            value,
            Decimal("0"),
            (
                f"{student.get_schooling_display()} ¥{value:,.2f}"
                f"（{config.describe('assistance.education_amounts', file.org)}）"
            ),
        )
    amount = parse_amount(amount if amount is not None else "0", "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("请填写救助金额")})
    if kind == ProgrammeKind.MEDICAL:
        if own_share is None:
            raise ValidationError({"own_share": _("医疗救助需填写个人自付费用")})
        own_share = parse_amount(own_share, "own_share")
        ratio = config.get("assistance.medical_cap_ratio", file.org)
        cap = (own_share * ratio).quantize(Decimal("0.01"))
        if amount > cap:
            raise ValidationError(
                {
                    "amount": _("医疗救助不能超过个人自付部分 ¥{cap:,.2f}（{describe}）").format(cap=cap, describe=config.describe('assistance.medical_cap_ratio', file.org))
                }
            )
        return amount, Decimal("0"), _("个人自付 ¥{own_share:,.2f}，上限 ¥{cap:,.2f}").format(own_share=own_share, cap=cap)
    return amount, Decimal("0"), ""


@transaction.atomic
def nominate(*, actor, cycle, file, student=None, amount=None, own_share=None, fund_source=None):
    """Put a filed household (or one of its students) on a cycle's list.

    The unique index on (cycle, beneficiary) refuses a second entitlement, also under concurrent
    requests. Flags (over the yearly cap, student funded elsewhere) are computed at once.
    """
    require_perm("assistance.nominate")
    if cycle.status != CycleStatus.OPEN:
        raise ValidationError(_("本批次已结束，不能再申报"))
    if cycle.programme.kind in WORKER_PROGRAMMES:
        raise ValidationError(_("本项目面向登记的下岗失业职工，请从职工登记中申报"))
    if file.status != FileStatus.FILED:
        raise ValidationError(_("只有已建档的困难家庭可以申报"))
    value, goods, text = _entitlement_amount(cycle, file, student, amount, own_share)
    key = (
        f"s:{student.id_number_index}"
        if cycle.programme.kind == ProgrammeKind.EDUCATION
        else f"f:{file.pk}"
    )
    entitlement = Entitlement(
        cycle=cycle,
        org=file.org,
        file=file,
        student=student,
        beneficiary_key=key,
        budget=budget_for(cycle, file.org, fund_source),
        amount=value,
        goods_value=goods,
        own_share=parse_amount(own_share, "own_share") if own_share not in (None, "") else None,
        rule_text=text[:300],
        nominated_by=actor,
    )
    try:
        with transaction.atomic():
            entitlement.save()
    except IntegrityError:
        raise ValidationError(_("该对象已在本批次名单中（每批次每人/户只能享受一次）")) from None
    flags.refresh_entitlement_flags(entitlement)
    audit.record(
        actor,
        "assistance.entitlement.nominate",
        entitlement,
        extra={"cycle": cycle.pk, "amount": str(value)},
    )
    return entitlement


@transaction.atomic
def nominate_worker(*, actor, cycle, worker, amount, fund_source=None, startup=None):
    """Put a registered laid-off or unemployed worker on a 下岗失业救助 or 创业扶持 cycle.

    The same guarantees as for households: one entitlement per worker per cycle (unique index
    on the beneficiary key ``w:<worker>``), the budget debited only when the list is approved
    as a whole, payments append-only. A start-up support record may be paid this way (once).
    """
    require_perm("assistance.nominate")
    if cycle.status != CycleStatus.OPEN:
        raise ValidationError(_("本批次已结束，不能再申报"))
    kind = cycle.programme.kind
    if kind not in WORKER_PROGRAMMES:
        raise ValidationError(_("该项目面向困难职工家庭，不能申报下岗失业职工"))
    if kind == ProgrammeKind.JOBLESS and worker.status == JoblessStatus.REEMPLOYED:
        raise ValidationError(_("该职工已再就业，不能申报下岗失业救助"))
    if startup is not None:
        if kind != ProgrammeKind.STARTUP:
            raise ValidationError(_("创业扶持须列入创业扶持项目的批次"))
        if startup.worker_id != worker.pk:
            raise ValidationError(_("创业扶持记录不属于该职工"))
        if startup.status != "approved":
            raise ValidationError(_("创业扶持尚未批准"))
        if startup.entitlement_id:
            raise ValidationError(_("该创业扶持已列入发放名单"))
        amount = startup.amount
    amount = parse_amount(amount if amount is not None else "0", "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("请填写金额")})
    text = ""
    if startup is not None:
        text = f"{startup.get_kind_display()}：{startup.business_name}"
    entitlement = Entitlement(
        cycle=cycle,
        org=worker.org,
        worker=worker,
        beneficiary_key=f"w:{worker.pk}",
        budget=budget_for(cycle, worker.org, fund_source),
        amount=amount,
        rule_text=text[:300],
        nominated_by=actor,
    )
    try:
        with transaction.atomic():
            entitlement.save()
    except IntegrityError:
        raise ValidationError(_("该职工已在本批次名单中（每批次每人只能享受一次）")) from None
    if startup is not None:
        startup.entitlement = entitlement
        startup.save(update_fields=["entitlement"])
    flags.refresh_entitlement_flags(entitlement)
    audit.record(
        actor,
        "assistance.entitlement.nominate",
        entitlement,
        extra={"cycle": cycle.pk, "amount": str(amount), "beneficiary": "worker"},
    )
    return entitlement


@transaction.atomic
def exclude_entitlement(*, actor, entitlement, reason):
    require_perm("assistance.approve_list")
    if entitlement.status != EntitlementStatus.PROPOSED:
        raise ValidationError(_("只能排除待审批的名单"))
    if not reason.strip():
        raise ValidationError({"reason": _("排除需要填写理由")})
    entitlement.status, entitlement.excluded_reason = EntitlementStatus.EXCLUDED, reason.strip()
    entitlement.save(update_fields=["status", "excluded_reason"])
    audit.record(actor, "assistance.entitlement.exclude", entitlement)
    return entitlement


@transaction.atomic
def override_entitlement_flag(*, actor, flag, reason):
    from .services import override_flag

    return override_flag(actor=actor, flag=flag, reason=reason)


def _debit(budget_id, amount):
    """Debit a locked budget; the check constraint is the last line of defence."""
    budget = Budget.unscoped.select_for_update().select_related("org").get(pk=budget_id)
    if budget.used + amount > budget.amount:
        raise ValidationError(
            _("预算不足：{budget} 剩余 ¥{remaining:,.2f}，本次需要 ¥{amount:,.2f}").format(budget=budget, remaining=budget.remaining, amount=amount)
        )
    Budget.unscoped.filter(pk=budget_id).update(used=F("used") + amount)


def charge(entitlement):
    """What an entitlement takes from its budget: the cash and the value of the goods."""
    return entitlement.amount + entitlement.goods_value


@dataclass
class ApprovalResult:
    """The outcome of approving a selection: who was approved and who was refused, and why."""

    approved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (entitlement, message)

    def __len__(self):
        return len(self.approved)

    @property
    def messages(self):
        return [f"{e.beneficiary_name}：{message}" for e, message in self.refused]


def _refusal(entitlement, actor):
    """Why this entitlement cannot be approved by ``actor`` now (None when it can)."""
    # Four eyes: whoever nominated a beneficiary does not approve them.
    if entitlement.nominated_by_id == actor.pk:
        return _("四眼原则：申报人不能审批自己申报的对象")
    if entitlement.file_id and services.unresolved_exclusions(entitlement.file):
        return _("触发排除规则，不符合条件")
    if flags.refresh_entitlement_flags(entitlement).exists():
        return _("有未处理的重复/异常提示，请先核实并说明")
    return None


@transaction.atomic
def approve_list(*, actor, cycle, org=None, entitlement_ids=None):
    """Approve entitlements one by one: the whole pending list (of ``org``'s subtree, or of
    the scope) or a selection (``entitlement_ids``). Each is checked on its own (four eyes,
    open flags, exclusions) and its budget is locked and debited for it alone (cash plus the
    value of the goods): with a budget for 10 of 12, 10 are approved and 2 refused with the
    reason. The cycle row is locked first, so concurrent approvals run one after the other;
    the cycle stays open until someone closes it (``close_cycle``).

    Returns an ``ApprovalResult``; when nothing could be approved it raises instead
    (PermissionDenied when every refusal is four eyes, ValidationError otherwise).
    """
    require_perm("assistance.approve_list")
    locked = Cycle.unscoped.select_for_update().filter(pk=cycle.pk).first()
    if locked.status == CycleStatus.CLOSED:
        raise ValidationError(_("本批次已结束，不能再审批"))
    pending = Entitlement.objects.filter(cycle=cycle, status=EntitlementStatus.PROPOSED)
    if org is not None:
        pending = pending.in_subtree(org.path)
    if entitlement_ids is not None:
        pending = pending.filter(pk__in=list(entitlement_ids))
    pending = list(
        pending.select_related(
            "cycle__programme", "file__org", "file__applicant", "student", "worker", "budget"
        ).order_by("budget_id", "id")  # a fixed lock order: no deadlocks between approvals
    )
    if not pending:
        raise ValidationError(_("没有待审批的名单"))
    result = ApprovalResult()
    now = timezone.now()
    for entitlement in pending:
        problem = _refusal(entitlement, actor)
        if problem is None:
            try:
                with transaction.atomic():
                    _debit(entitlement.budget_id, charge(entitlement))
            except ValidationError as exc:
                problem = exc.messages[0]
        if problem is not None:
            result.refused.append((entitlement, problem))
            continue
        Entitlement.unscoped.filter(pk=entitlement.pk).update(
            status=EntitlementStatus.APPROVED, approved_by=actor, approved_at=now
        )
        result.approved.append(entitlement)
    if not result.approved:
        four_eyes = _("四眼原则")  # the refusals' messages start with it, in either language
        if all(m.startswith(four_eyes) for _e, m in result.refused):
            raise PermissionDenied(result.refused[0][1])
        raise ValidationError(result.messages)
    audit.record_many(actor, "assistance.entitlement.approve", result.approved)
    for entitlement, message in result.refused:
        audit.record(
            actor, "assistance.entitlement.refuse", entitlement, extra={"reason": message[:200]}
        )
    return result


@transaction.atomic
def close_cycle(*, actor, cycle):
    """Close a cycle's list: no more nominations or approvals. Proposed entitlements left
    on the list stay unapproved (and get nothing)."""
    require_perm("assistance.close_cycle")
    if not org_in_scope(cycle.org):
        raise PermissionDenied(_("只有主办工会或上级可以结束本批次"))
    locked = Cycle.unscoped.select_for_update().get(pk=cycle.pk)
    if locked.status == CycleStatus.CLOSED:
        raise ValidationError(_("本批次已结束"))
    now = timezone.now()
    Cycle.unscoped.filter(pk=cycle.pk).update(
        status=CycleStatus.CLOSED, closed_by=actor, closed_at=now
    )
    cycle.status, cycle.closed_by, cycle.closed_at = CycleStatus.CLOSED, actor, now
    left = Entitlement.unscoped.filter(cycle=cycle, status=EntitlementStatus.PROPOSED).count()
    audit.record(actor, "assistance.cycle.close", cycle, extra={"left_unapproved": left})
    return cycle


def _existing(idempotency_key, entitlement):
    payment = Payment.unscoped.filter(idempotency_key=idempotency_key).first()
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
    payments = Payment.unscoped.filter(entitlement=entitlement)
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
    from .models import PaymentConfirmation

    require_perm("assistance.confirm_payment")
    if not needs_confirmation(payment):
        raise ValidationError(
            _("该笔发放无需复核（{describe}）").format(describe=config.describe('assistance.payment_confirm_above', payment.org))
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
