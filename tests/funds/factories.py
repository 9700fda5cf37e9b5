"""Set-up helpers for union-money tests, all through the services."""

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.funds.enums import BudgetCategory, Channel, FundKind
from gonghui.funds.services import books, ledger, remittances
from tests.conftest import acting

_seq = itertools.count(1)
TODAY = datetime.date(2026, 3, 15)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rules(cast, on=datetime.date(2026, 1, 1)):
    """The district's sharing rules: funds 60/10/25/5, preparatory 0/60/35/5, dues 100/0/0/0."""
    with acting(cast.district_admin):
        for kind, p in [(FundKind.FUNDS, (60, 10, 25, 5)), (FundKind.PREP, (0, 60, 35, 5)),
                        (FundKind.DUES, (100, 0, 0, 0))]:  # fmt: skip
            ledger.add_sharing_rule(actor=cast.district_admin, kind=kind, valid_from=on,
                                    grassroots=Decimal(p[0]), street=Decimal(p[1]),
                                    district=Decimal(p[2]), upper=Decimal(p[3]))  # fmt: skip


def line(payer_name, amount, *, serial=None, code="", period=TODAY, paid_on=TODAY):
    return {"serial": serial or f"T{next(_seq):08d}", "paid_on": paid_on, "period": period,
            "payer_name": payer_name, "payer_code": code, "amount": Decimal(amount)}  # fmt: skip


def import_lines(cast, lines, user=None, org=None):
    user = user or cast.district_admin
    with acting(user):
        return remittances.import_statement_lines(
            actor=user, org=org or cast.district, channel=Channel.TAX, lines=lines
        )


def payroll(cast, employer, amount, phone="13900000001"):
    with acting(cast.district_admin):
        return remittances.set_employer_funds(actor=cast.district_admin, employer=employer,
                                              monthly_payroll=Decimal(amount),
                                              contact_name="财务", contact_phone=phone)  # fmt: skip


def budget(cast, amount="10000", approve=True, year=2026, title=None):
    with acting(cast.chair_a):
        b = books.add_budget_line(actor=cast.chair_a, org=cast.union_a, year=year,
                                  category=BudgetCategory.ACTIVITIES,
                                  title=title or f"甲工会文体活动{next(_seq)}", amount=Decimal(amount))  # fmt: skip
    if approve:
        with acting(cast.street_admin):
            books.approve_budget(actor=cast.street_admin, org=cast.union_a, year=year)
    b.refresh_from_db()
    return b


def expense(cast, budget_line, amount="800", receipt=True):
    with acting(cast.staff_a):
        e = books.record_expense(actor=cast.staff_a, budget_line=budget_line, spent_on=TODAY,
                                 payee="某体育用品店", purpose="甲工会篮球赛用品", amount=Decimal(amount))  # fmt: skip
        if receipt:
            books.attach_receipt(actor=cast.staff_a, expense=e,
                                 upload=SimpleUploadedFile("发票.pdf", PDF, "application/pdf"))  # fmt: skip
    return e
