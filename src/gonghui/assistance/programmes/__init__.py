"""Writes on programmes, cycles, budgets, entitlements and payments, by subject (cycles and budgets, entitlements, payments). Every name stays importable from ``gonghui.assistance.programmes``.

Guarantees, enforced by the database and row locks (not only by these checks):
- one entitlement per beneficiary per cycle (unique index);
- a budget is debited only under ``select_for_update`` and the database refuses a budget whose
  ``used`` would exceed ``amount`` or fall below zero (check constraints);
- one payment per entitlement attempt (unique index), every payment request carries a unique
  idempotency key, and payments are never edited or deleted: a correction is a reversal.
"""

from .cycles import (  # noqa: F401
    _debit,
    budget_for,
    charge,
    create_programme,
    open_cycle,
    set_budget,
)
from .entitlements import (  # noqa: F401
    ApprovalResult,
    _entitlement_amount,
    _refusal,
    approve_list,
    close_cycle,
    exclude_entitlement,
    nominate,
    nominate_worker,
    override_entitlement_flag,
)
from .payments import (  # noqa: F401
    _existing,
    _record_payment,
    confirm_payment,
    correct_warmth_signoff,
    needs_confirmation,
    paid_total,
    record_payment,
    record_warmth_visit,
    reverse_payment,
)
