"""Programmes, cycles and budgets."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm

from ..enums import (
    ProgrammeKind,
)
from ..models import Budget, Cycle, Programme
from ..services import parse_amount


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
    # the organiser (or a level above it) allocates; a union below must not fund itself
    if not org_in_scope(org) or not org_in_scope(cycle.org):
        raise PermissionDenied
    if not org.path.startswith(cycle.org.path):
        raise ValidationError(_("只能给本批次主办工会及其下级工会安排预算"))
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
            raise ValidationError(
                {"amount": _("预算不能低于已使用的 ¥{used:,.2f}").format(used=budget.used)}
            )
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
    budgets = Budget.unscoped.filter(
        cycle=cycle, org__path__in=paths
    )  # unscoped: budgets set by upper unions for this cycle (above the caller's subtree)
    if fund_source:
        budgets = budgets.filter(fund_source=fund_source)
    budget = budgets.order_by("-org__depth", "id").first()
    if budget is None:
        raise ValidationError(_("本批次没有覆盖该工会的预算"))
    return budget


def _debit(budget_id, amount):
    """Debit a locked budget; the check constraint is the last line of defence."""
    budget = (
        Budget.unscoped.select_for_update().select_related("org").get(pk=budget_id)
    )  # unscoped: a budget row found above, locked to debit
    if budget.used + amount > budget.amount:
        raise ValidationError(
            _("预算不足：{budget} 剩余 ¥{remaining:,.2f}，本次需要 ¥{amount:,.2f}").format(
                budget=budget, remaining=budget.remaining, amount=amount
            )
        )
    Budget.unscoped.filter(pk=budget_id).update(
        used=F("used") + amount
    )  # unscoped: a budget row found above, locked to debit


def charge(entitlement):
    """What an entitlement takes from its budget: the cash and the value of the goods."""
    return entitlement.amount + entitlement.goods_value
