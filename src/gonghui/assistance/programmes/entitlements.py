"""Entitlements: nomination of files and workers, exclusion, flag overrides, approval of the list, closing a cycle."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.punctuation import labelled

from .. import explain, services
from ..enums import (
    WORKER_PROGRAMMES,
    CycleStatus,
    EntitlementStatus,
    FileStatus,
    JoblessStatus,
    ProgrammeKind,
)
from ..models import Cycle, Entitlement
from ..services import duplicate_aid as flags
from ..services import parse_amount
from .cycles import _debit, budget_for, charge


def _entitlement_amount(cycle, file, student, amount, own_share):
    """(amount, goods, rule text) by the programme's rules."""
    kind = cycle.programme.kind
    if kind == ProgrammeKind.WARMTH:
        return (
            cycle.cash_amount,
            cycle.goods_value,
            {
                "kind": "warmth",
                "cash": explain.money(cycle.cash_amount),
                "goods": explain.money(cycle.goods_value),
            },
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
            {
                "kind": "education",
                "schooling": student.schooling,
                "amount": explain.money(value),
                "setting": explain.setting_basis("assistance.education_amounts", file.org),
            },
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
                    "amount": _("医疗救助不能超过个人自付部分 ¥{cap:,.2f}（{describe}）").format(
                        cap=cap, describe=config.describe("assistance.medical_cap_ratio", file.org)
                    )
                }
            )
        return (
            amount,
            Decimal("0"),
            {"kind": "medical", "own_share": explain.money(own_share), "cap": explain.money(cap)},
        )
    return amount, Decimal("0"), {}


def _save_new(entitlement, message):
    """Save a new entitlement: the unique beneficiary key of its cycle refuses a second one for
    the same household, student or worker (``message``)."""
    try:
        with transaction.atomic():
            entitlement.save()
    except IntegrityError:
        raise ValidationError(message) from None


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
    value, goods, rule = _entitlement_amount(cycle, file, student, amount, own_share)
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
        rule=rule,
        nominated_by=actor,
    )
    _save_new(entitlement, _("该对象已在本批次名单中（每批次每人/户只能享受一次）"))
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
    rule = {}
    if startup is not None:
        rule = {"kind": "startup", "support": startup.kind, "business": startup.business_name}
    entitlement = Entitlement(
        cycle=cycle,
        org=worker.org,
        worker=worker,
        beneficiary_key=f"w:{worker.pk}",
        budget=budget_for(cycle, worker.org, fund_source),
        amount=amount,
        rule=rule,
        nominated_by=actor,
    )
    _save_new(entitlement, _("该职工已在本批次名单中（每批次每人只能享受一次）"))
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
    from ..services import override_flag

    return override_flag(actor=actor, flag=flag, reason=reason)


@dataclass
class ApprovalResult:
    """The outcome of approving a selection: who was approved and who was refused, and why."""

    approved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (entitlement, message)

    def __len__(self):
        return len(self.approved)

    @property
    def messages(self):
        return [labelled(e.beneficiary_name, message) for e, message in self.refused]


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
    locked = (
        Cycle.unscoped.select_for_update().filter(pk=cycle.pk).first()
    )  # unscoped: the cycle may be organised above the caller (locked to approve)
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
        Entitlement.unscoped.filter(
            pk=entitlement.pk
        ).update(  # unscoped: an entitlement of the locked cycle, checked above
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
    locked = Cycle.unscoped.select_for_update().get(
        pk=cycle.pk
    )  # unscoped: the cycle may be organised above the caller (locked to close)
    if locked.status == CycleStatus.CLOSED:
        raise ValidationError(_("本批次已结束"))
    now = timezone.now()
    Cycle.unscoped.filter(pk=cycle.pk).update(  # unscoped: the locked cycle
        status=CycleStatus.CLOSED, closed_by=actor, closed_at=now
    )
    cycle.status, cycle.closed_by, cycle.closed_at = CycleStatus.CLOSED, actor, now
    left = Entitlement.unscoped.filter(
        cycle=cycle, status=EntitlementStatus.PROPOSED
    ).count()  # unscoped: the cycle's proposals in every union (the host closes it)
    audit.record(actor, "assistance.cycle.close", cycle, extra={"left_unapproved": left})
    return cycle
