"""Demo data for union money: sharing rules, declared payroll, one month's statement (one payer
unknown), a budget with an expense waiting for approval, and a dues roll."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.access import scope_for_assignment
from gonghui.core.models import RoleAssignment
from gonghui.core.scoping import activate
from gonghui.orgs.models import Employer

from .enums import BudgetCategory, Channel, FundKind
from .models import BudgetLine, SharingRule


def load(orgs):
    """Idempotent: does nothing once the district has a sharing rule."""
    district = next((o for o in orgs.values() if o.kind == "district"), None)
    # Unscoped: the demo loader runs without a scope.
    if district is None or SharingRule.unscoped.filter(org=district).exists():
        return
    admin = (
        RoleAssignment.objects.filter(org=district, role="district_admin")
        .select_related("user")
        .first()
    )
    if admin is None:
        return
    from .services import ledger, remittances

    today = timezone.localdate()
    with activate(scope_for_assignment(admin)):
        actor = admin.user
        for kind, pcts in [(FundKind.FUNDS, (60, 10, 25, 5)), (FundKind.PREP, (0, 60, 35, 5)),
                           (FundKind.DUES, (100, 0, 0, 0))]:  # fmt: skip
            ledger.add_sharing_rule(actor=actor, kind=kind, valid_from=datetime.date(today.year, 1, 1),
                                    grassroots=Decimal(pcts[0]), street=Decimal(pcts[1]),
                                    district=Decimal(pcts[2]), upper=Decimal(pcts[3]),
                                    note="区总工会经费分成办法（演示）")  # fmt: skip
        employers = list(
            # Unscoped: the demo loader runs without a scope.
            Employer.unscoped.filter(org__path__startswith=district.path).select_related("org")[:40]
        )
        lines = []
        for i, e in enumerate(employers):
            payroll = Decimal(200000 + 15000 * (i % 9))
            remittances.set_employer_funds(actor=actor, employer=e, monthly_payroll=payroll,
                                           contact_name="财务", contact_phone=f"1390000{i:04d}")  # fmt: skip
            if i % 4 != 3:  # every fourth employer has not paid: it shows in the arrears
                lines.append({"serial": f"DEMO{today:%Y%m}{i:05d}", "paid_on": today, "period": today,
                              "payer_name": e.name, "payer_code": e.credit_code,
                              "amount": payroll * Decimal("0.02")})  # fmt: skip
        lines.append({"serial": f"DEMO{today:%Y%m}99999", "paid_on": today, "period": today,
                      "payer_name": "某某贸易公司（代缴）", "payer_code": "", "amount": Decimal("1234.56")})  # fmt: skip
        remittances.import_statement_lines(
            actor=actor, org=district, channel=Channel.TAX, lines=lines
        )
    _books(orgs, today)


def _books(orgs, today):
    union = next((o for o in orgs.values() if o.kind == "grassroots"), None)
    chair = (
        RoleAssignment.objects.filter(org=union, role="union_admin").select_related("user").first()
        if union
        else None
    )
    # Unscoped: the demo loader runs without a scope.
    if chair is None or BudgetLine.unscoped.filter(org=union).exists():
        return
    from .services import books

    with activate(scope_for_assignment(chair)):
        for category, title, amount in [(BudgetCategory.ACTIVITIES, "职工文体活动", 30000),
                                        (BudgetCategory.RIGHTS, "困难职工慰问", 20000)]:  # fmt: skip
            books.add_budget_line(actor=chair.user, org=union, year=today.year, category=category,
                                  title=title, amount=Decimal(amount))  # fmt: skip
        books.approve_budget(actor=chair.user, org=union, year=today.year)
        # Unscoped: the demo loader runs without a scope.
        line = BudgetLine.unscoped.filter(org=union).first()
        expense = books.record_expense(actor=chair.user, budget_line=line, spent_on=today,
                                       payee="和平区体育用品商店", purpose="职工篮球赛用品",
                                       amount=Decimal("2680.00"))  # fmt: skip
        receipt = SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        books.attach_receipt(actor=chair.user, expense=expense, upload=receipt)
