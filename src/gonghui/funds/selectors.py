"""Scoped reads of union money: balances rolled up the tree, the ledger, statements, arrears,
the reconciliation report and the annual income and spending report."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext

from gonghui.core.scoping import current_scope, subtree_q
from gonghui.orgs.models import Org, OrgKind

from .enums import CREDIT_NORMAL, Account, BudgetStatus, EntryKind, ExpenseStatus, LineStatus
from .models import (
    Balance,
    BankLine,
    BudgetLine,
    DuesLine,
    EmployerFunds,
    Entry,
    Expense,
    Posting,
    StatementLine,
)  # fmt: skip
from .services.remittances import expected_amount, fund_kind_of

ZERO = Decimal("0.00")
MONEY_OUT = DecimalField(max_digits=14, decimal_places=2)


def scope_org():
    return Org.objects.get(pk=current_scope().org_id)


# --- balances --------------------------------------------------------------------------------


def balance_table(root):
    """Rows for ``root`` and its children: own bank balance and the balance rolled up over each
    subtree, from the kept ``Balance`` rows of ``root``'s subtree (two queries in all)."""
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).active())
    own, rolled = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    cut = len(root.path) + Org.steplen
    rows = Balance.objects.filter(subtree_q(root.path), account=Account.BANK).values_list(
        "org__path", "amount"
    )
    for path, amount in rows:
        own[path] += amount
        rolled[root.path] += amount
        if len(path) >= cut:
            rolled[path[:cut]] += amount
    return [{"org": o, "own": own[o.path], "rolled": rolled[o.path]} for o in [root, *children]]


def account_balances(org):
    """One org's own account balances as a treasurer reads them: ``(label, side, amount)``,
    each account on its normal side (bank, expenses, money passed on: debit; income, money
    received from above, what is owed upwards: credit), so income reads positive. The ledger
    stores debits positive and credits negative; an account running against its side shows a
    negative amount."""
    found = dict(Balance.objects.filter(org=org).values_list("account", "amount"))
    debit, credit = pgettext("balance side", "借"), pgettext("balance side", "贷")
    return [
        (Account(a).label, credit, -found[a])
        if a in CREDIT_NORMAL
        else (Account(a).label, debit, found[a])
        for a in Account.values
        if a in found
    ]


def postings_of(org):
    return (
        Posting.objects.filter(org=org)
        .select_related("entry")
        .order_by("-entry__occurred_on", "-entry_id", "id")
    )


def entries():
    return Entry.objects.select_related("org")


# --- statements and arrears ------------------------------------------------------------------


def unmatched_lines():
    """Lines waiting for a person to say which employer paid them (one row per payer)."""
    return (
        StatementLine.objects.filter(status__in=[LineStatus.UNMATCHED, LineStatus.REVERSED])
        .values("payer_key", "payer_name", "payer_code")
        .annotate(n=Count("id"), total=Sum("amount"), first_id=Min("id"))
        .order_by("payer_name")
    )


def statement_lines():
    return StatementLine.objects.select_related("employer")


def arrears_rows(year, month):
    """Employers in scope whose posted remittances for ``year`` up to ``month`` fall short of
    their declared payroll × the rate. Each row is an ``EmployerFunds`` with ``expected``,
    ``received``, ``owed``, ``street`` and ``kind_label``."""
    received = (
        # Unscoped: a subquery correlated with employers read through the scoped manager.
        StatementLine.unscoped.filter(
            employer=OuterRef("employer"), status=LineStatus.POSTED,
            period__gte=datetime.date(year, 1, 1), period__lte=datetime.date(year, month, 1),
        )
        .values("employer")
        .annotate(s=Sum("amount"))
        .values("s")
    )  # fmt: skip
    profiles = (
        EmployerFunds.objects.filter(monthly_payroll__gt=0, employer__is_active=True)
        .select_related("employer__org", "org")
        .annotate(received_sum=Coalesce(Subquery(received, output_field=MONEY_OUT), Value(ZERO)))
        .order_by("org__path", "employer__name")
    )
    streets = _streets()
    rows = []
    for p in profiles:
        p.expected = expected_amount(p.monthly_payroll, month)
        p.received = Decimal(p.received_sum).quantize(Decimal("0.01"))
        p.owed = p.expected - p.received
        if p.owed <= 0:
            continue
        p.street = next((s for s in streets if p.org.path.startswith(s.path)), None)
        p.kind_label = fund_kind_of(p.employer).label
        rows.append(p)
    return rows


def _streets():
    kinds = [OrgKind.STREET, OrgKind.INDUSTRY]
    return list(Org.objects.visible().filter(kind__in=kinds)) or list(
        Org.objects.filter(path__in=[current_scope().org_path])
    )


def arrears_by_street(rows):
    """``[(street, rows, total owed)]`` in street order."""
    groups = defaultdict(list)
    for r in rows:
        groups[r.street].append(r)
    return [
        (street, items, sum((i.owed for i in items), ZERO))
        for street, items in sorted(groups.items(), key=lambda kv: kv[0].path if kv[0] else "")
    ]


# --- reconciliation ------------------------------------------------------------------------


def reconciliation(year, month):
    """What does not match, for the scope: payers nobody matched, employers paid more or less
    than expected for the month, entries whose postings do not balance, and balances that
    differ from the sum of their postings."""
    period = datetime.date(year, month, 1)
    unmatched = StatementLine.objects.filter(
        status__in=[LineStatus.UNMATCHED, LineStatus.REVERSED]
    ).order_by("payer_name")
    paid = dict(
        StatementLine.objects.filter(period=period, status=LineStatus.POSTED)
        .values_list("employer")
        .annotate(s=Sum("amount"))
    )
    differences = []
    for p in EmployerFunds.objects.select_related("employer").order_by("employer__name"):
        expected = expected_amount(p.monthly_payroll, 1)
        got = Decimal(paid.pop(p.employer_id, ZERO) or ZERO).quantize(Decimal("0.01"))
        if got != expected:
            differences.append({"employer": p.employer, "expected": expected, "received": got,
                                "difference": got - expected})  # fmt: skip
    unbalanced = list(
        Entry.objects.annotate(s=Sum("postings__amount"))
        .exclude(s=0)
        .values_list("pk", flat=True)[:50]
    )
    sums = dict(
        ((o, a), s)
        for o, a, s in Posting.objects.values_list("org", "account").annotate(s=Sum("amount"))
    )
    drift = []
    for b in Balance.objects.select_related("org"):
        total = Decimal(sums.get((b.org_id, b.account)) or ZERO)
        if total != b.amount:
            drift.append({"org": b.org, "account": Account(b.account).label, "balance": b.amount,
                          "postings": total})  # fmt: skip
    return {
        "unmatched": unmatched, "differences": differences, "unbalanced": unbalanced,
        "drift": drift, "period": period, **bank_reconciliation(period),
    }  # fmt: skip


def bank_reconciliation(period):
    """Transfers down and up against the imported bank statements, for the month of
    ``period``: bank lines that matched no recorded transfer, and transfers (a bank posting of
    an org in scope that imported its statement for the month) that no bank line of that org
    matched."""
    end = (period + datetime.timedelta(days=32)).replace(day=1)
    month = Q(on__gte=period, on__lt=end)
    bank_unmatched = BankLine.objects.filter(month, entry=None).select_related("org")
    reconciled = BankLine.objects.filter(entry=OuterRef("entry"), org=OuterRef("org"))
    with_statement = BankLine.objects.filter(month).values("org")  # orgs that imported one
    transfers_open = (
        Posting.objects.filter(
            org__in=with_statement,
            account=Account.BANK, entry__kind__in=[EntryKind.TRANSFER_DOWN, EntryKind.TRANSFER_UP],
            entry__occurred_on__gte=period, entry__occurred_on__lt=end,
        )
        .exclude(Exists(reconciled))
        .select_related("entry", "org")
        .order_by("entry__occurred_on", "entry_id")
    )  # fmt: skip
    bank_unmatched, transfers_open = (
        list(bank_unmatched.order_by("on", "serial")),
        list(transfers_open),
    )
    return {
        "bank_unmatched": bank_unmatched,
        "transfers_open": transfers_open,
        "bank_open": len(bank_unmatched) + len(transfers_open),
        "bank_matched": BankLine.objects.filter(month).exclude(entry=None).count(),
    }


# --- the annual income and spending report -------------------------------------------------


def annual_report(org, year):
    """Income by account, spending by budget line against the approved budget, transfers and
    the bank balance at the start and end of ``year`` for ``org``'s own books."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    mine = Posting.objects.filter(org=org)
    year_q = Q(entry__occurred_on__gte=start, entry__occurred_on__lte=end)
    by_account = dict(mine.filter(year_q).values_list("account").annotate(s=Sum("amount")))
    opening = (
        mine.filter(account=Account.BANK, entry__occurred_on__lt=start).aggregate(s=Sum("amount"))[
            "s"
        ]
        or ZERO
    )
    income = [
        (Account(a).label, -(by_account.get(a) or ZERO))
        for a in (
            Account.FUNDS_INCOME,
            Account.PREP_INCOME,
            Account.DUES_INCOME,
            Account.TRANSFER_IN,
        )
        if by_account.get(a)
    ]
    lines = list(
        BudgetLine.objects.filter(org=org, year=year, status=BudgetStatus.APPROVED)
        .annotate(spent=Coalesce(Sum("expenses__amount", filter=Q(expenses__status=ExpenseStatus.APPROVED)), Value(ZERO), output_field=MONEY_OUT))
        .order_by("category", "id")
    )  # fmt: skip
    for line in lines:
        line.left = line.amount - line.spent
    spending = sum((line.spent for line in lines), ZERO)
    transfers_out = by_account.get(Account.TRANSFER_OUT) or ZERO
    total_income = sum((amount for _l, amount in income), ZERO)
    closing = opening + (by_account.get(Account.BANK) or ZERO)
    return {
        "org": org, "year": year, "opening": opening, "income": income,
        "total_income": total_income, "lines": lines, "spending": spending,
        "budget": sum((line.amount for line in lines), ZERO), "transfers_out": transfers_out,
        "closing": closing,
    }  # fmt: skip


def expenses_of(org, year=None):
    qs = Expense.objects.filter(org=org).select_related("budget_line", "recorded_by", "approved_by")
    if year:
        qs = qs.filter(spent_on__year=year)
    return qs


# --- dues -------------------------------------------------------------------------------------


def dues_arrears():
    return (
        DuesLine.objects.filter(status="due")
        .select_related("member", "roll", "org")
        .order_by("org__path", "member__name", "roll__month")
    )


def own_dues(member):
    """A member's own dues lines (the portal reads them with scoping off, by member)."""
    # Unscoped: a member's own dues lines (the portal reads them by member).
    return DuesLine.unscoped.filter(member=member).select_related("roll").order_by("-roll__month")
