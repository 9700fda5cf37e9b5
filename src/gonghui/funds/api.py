"""API of union money (scoped like the pages; every write goes through the services)."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gonghui.core.api_types import Money
from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.orgs.models import Employer, Org

from . import selectors
from .enums import Account, Channel, EntryKind, LineStatus
from .models import Entry, Posting, StatementLine
from .services import ledger as ledger_services
from .services import remittances as services

router = Router()

PLAIN = r"^[^\x00-\x1f\x7f]*$"  # no control characters (PostgreSQL refuses NUL in text)
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=PLAIN)]
Code = Annotated[str, Field(max_length=30, pattern=PLAIN)]


class BalanceOut(Schema):
    org_code: str
    org_name: str
    own: Decimal
    rolled_up: Decimal


class PostingOut(Schema):
    org_code: str
    account: Account
    amount: Decimal


class EntryOut(Schema):
    id: int
    kind: EntryKind
    occurred_on: datetime.date
    memo: str
    reverses_id: int | None
    postings: list[PostingOut]


class LineOut(Schema):
    id: int
    channel: Channel
    serial: str
    paid_on: datetime.date
    period: datetime.date
    payer_name: str
    amount: Decimal
    status: LineStatus
    employer_id: int | None


class LineIn(Schema):
    serial: Annotated[str, Field(min_length=1, max_length=60, pattern=PLAIN)]
    paid_on: datetime.date
    period: datetime.date
    payer_name: Text
    payer_code: Annotated[str, Field(max_length=18, pattern=PLAIN)] = ""
    amount: Annotated[Decimal, Field(gt=0, le=Decimal("9999999999.99"), decimal_places=2)]


class StatementIn(Schema):
    org_code: Code
    channel: Channel = Channel.TAX
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=5000)]


class MatchIn(Schema):
    credit_code: Annotated[str, Field(min_length=1, max_length=18, pattern=PLAIN)]


class ArrearsOut(Schema):
    employer_id: int
    employer_name: str
    street: str
    expected: Money
    received: Money
    owed: Money


class CountsOut(Schema):
    counts: dict[str, int]


def _org(code):
    return get_scoped_or_404(Org.objects.visible(), code=code)


@router.get("/balances/{code}", response=list[BalanceOut])
def balances(request, code: Code):
    """An org's bank balance and its children's, own and rolled up over each subtree."""
    require_perm("funds.view_funds")
    return [
        {
            "org_code": r["org"].code,
            "org_name": r["org"].name,
            "own": r["own"],
            "rolled_up": r["rolled"],
        }
        for r in selectors.balance_table(_org(code))
    ]


@router.get("/entries/{entry_id}", response=EntryOut)
def entry(request, entry_id: int):
    require_perm("funds.view_funds")
    e = get_scoped_or_404(Entry.objects.all(), pk=entry_id)
    postings = Posting.objects.filter(entry=e).select_related("org")
    return {"id": e.pk, "kind": e.kind, "occurred_on": e.occurred_on, "memo": e.description,
            "reverses_id": e.reverses_id,
            "postings": [{"org_code": p.org.code, "account": p.account, "amount": p.amount} for p in postings]}  # fmt: skip


@router.get("/statement-lines", response=list[LineOut])
@paginate
def statement_lines(request, status: LineStatus | None = None):
    require_perm("funds.view_funds")
    qs = StatementLine.objects.order_by("-id")
    return qs.filter(status=status) if status else qs


@router.post("/statements", response=CountsOut)
def import_statement(request, payload: StatementIn):
    """Import statement lines; lines already imported are skipped, known payers posted."""
    org = _org(payload.org_code)
    counts = services.import_statement_lines(
        actor=request.user, org=org, channel=payload.channel,
        lines=[line.dict() for line in payload.lines],
    )  # fmt: skip
    return {"counts": counts}


@router.post("/statement-lines/{line_id}/match", response=CountsOut)
def match(request, line_id: int, payload: MatchIn):
    require_perm("funds.match_payer")
    line = get_scoped_or_404(StatementLine.objects.all(), pk=line_id)
    employer = get_scoped_or_404(
        Employer.objects.select_related("org"), credit_code=payload.credit_code.strip().upper()
    )
    return {
        "counts": {
            _("已入账"): services.match_payer(actor=request.user, line=line, employer=employer)
        }
    }


@router.get("/arrears", response=list[ArrearsOut])
def arrears(
    request,
    year: Annotated[int, Field(ge=2000, le=2100)],
    month: Annotated[int, Field(ge=1, le=12)],
):
    require_perm("funds.view_funds")
    return [
        {"employer_id": r.employer_id, "employer_name": r.employer.name,
         "street": r.street.name if r.street else "", "expected": r.expected,
         "received": r.received, "owed": r.owed}
        for r in selectors.arrears_rows(year, month)
    ]  # fmt: skip


class ReverseIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=150, pattern=PLAIN)]


@router.post("/entries/{entry_id}/reverse", response=EntryOut)
def reverse(request, entry_id: int, payload: ReverseIn):
    require_perm("funds.reverse_entry")
    e = get_scoped_or_404(Entry.objects.all(), pk=entry_id)
    r = ledger_services.reverse_entry(actor=request.user, entry=e, reason=payload.reason)
    return entry(request, r.pk)
