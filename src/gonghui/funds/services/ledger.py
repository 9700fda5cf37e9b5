"""The ledger: sharing a payment between the levels, posting entries, reversals, transfers.

Every posting goes through ``post_entries``: entries carry an idempotency key (unique), their
postings sum to zero, and balances change under row locks taken in one order (org, account), so
two imports running at once neither lose an update nor deadlock.
"""

import datetime
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.pgcopy import copy, copy_text
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.orgs.models import GRASSROOTS_KINDS, Org, OrgKind

from ..enums import INCOME_ACCOUNT, Account, EntryKind, FundKind, Level
from ..models import Balance, Entry, Memo, Posting, SharingRule

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
LEVELS = (Level.GRASSROOTS, Level.STREET, Level.DISTRICT, Level.UPPER)

# Used until the district sets its own (a rule row with an earlier date overrides them).
DEFAULT_SHARES = {
    FundKind.FUNDS: (Decimal(60), Decimal(10), Decimal(25), Decimal(5)),
    FundKind.PREP: (Decimal(60), Decimal(10), Decimal(25), Decimal(5)),
    FundKind.DUES: (Decimal(100), Decimal(0), Decimal(0), Decimal(0)),
}


@dataclass
class EntrySpec:
    """An entry to post: ``lines`` are ``(org_id, account, amount)``, summing to zero. A memo
    the ledger composes names its ``memo_code`` and ``memo_args`` (``models.Memo``: pages render
    it in the reader's language); ``memo`` is the text as written now."""

    org_id: int
    kind: str
    occurred_on: datetime.date
    memo: str
    key: str
    lines: list = field(default_factory=list)
    reverses_id: int | None = None
    memo_code: str = ""
    memo_args: dict = field(default_factory=dict)


# --- the levels above an org -----------------------------------------------------------------


class Chains:
    """The grassroots union, street and district above each org (cached for one import)."""

    def __init__(self):
        self._orgs = {}
        self._known = {}

    def preload(self, orgs):
        """Read every org above ``orgs`` in one query (an import's batch names thousands)."""
        known = self._known
        paths = {
            o.path[:i]
            for o in orgs
            for i in range(4, len(o.path) + 1, 4)
            if o.path[:i] not in known
        }
        if paths:
            self._known.update((o.path, o) for o in Org.objects.filter(path__in=paths))

    def levels(self, org):
        """``{Level: org}`` receiving the shares of money owed by ``org``'s employers. A level
        that is missing passes its share to the next one up (the district holds the upper share
        as payable upward)."""
        if org.path not in self._orgs:
            self.preload([org])
            paths = [org.path[:i] for i in range(len(org.path), 3, -4)]  # nearest first
            chain = [self._known[p] for p in paths if p in self._known]
            found = {}
            for o in chain:
                if o.kind in GRASSROOTS_KINDS:
                    found.setdefault(Level.GRASSROOTS, o)
                elif o.kind in (OrgKind.STREET, OrgKind.INDUSTRY):
                    found.setdefault(Level.STREET, o)
                elif o.kind == OrgKind.DISTRICT:
                    found.setdefault(Level.DISTRICT, o)
            top = found.get(Level.DISTRICT) or chain[-1]
            found.setdefault(Level.DISTRICT, top)
            found.setdefault(Level.STREET, found[Level.DISTRICT])
            found.setdefault(Level.GRASSROOTS, found[Level.STREET])  # no union yet: the street
            found[Level.UPPER] = found[Level.DISTRICT]
            self._orgs[org.path] = found
        return self._orgs[org.path]


class Rules:
    """The sharing rule in force on a date, per kind (cached for one import)."""

    def __init__(self):
        self._rows = defaultdict(list)
        # Unscoped: the district's sharing rules apply to every org below it, read once per import.
        for rule in SharingRule.unscoped.order_by("-valid_from"):
            self._rows[rule.kind].append(rule)

    def shares(self, kind, on):
        for rule in self._rows[kind]:
            if rule.valid_from <= on:
                return (rule.grassroots_pct, rule.street_pct, rule.district_pct, rule.upper_pct)
        return DEFAULT_SHARES[kind]


def split(amount, pcts):
    """``amount`` split by percentages into cents; the rounding remainder goes to the first
    level with a share, so the shares always add up to the amount."""
    shares = [(amount * pct / HUNDRED).quantize(CENT, ROUND_HALF_UP) for pct in pcts]
    remainder = amount - sum(shares)
    for i, pct in enumerate(pcts):
        if pct:
            shares[i] += remainder
            break
    return shares


def share_lines(amount, kind, levels, pcts):
    """Postings for ``amount`` of ``kind`` shared between ``levels``: each level's bank is
    debited and its income credited; the upper share sits at the district as payable upward."""
    income = INCOME_ACCOUNT[kind]
    lines = []
    for level, share in zip(LEVELS, split(amount, pcts), strict=True):
        if not share:
            continue
        org_id = levels[level].pk
        lines.append((org_id, Account.BANK, share))
        lines.append((org_id, Account.PAYABLE_UP if level == Level.UPPER else income, -share))
    return lines


# --- posting -------------------------------------------------------------------------------
# PostgreSQL writes a batch set-based: entry ids reserved from the sequence, entries and postings
# with ``COPY`` (rows built as text, no model instances), balances with one
# ``UPDATE … FROM unnest(…)`` after the rows are locked in (org, account) order. Elsewhere
# (SQLite in tests) ``bulk_create`` and ``bulk_update`` write the same rows.


def on_postgres():
    return connection.vendor == "postgresql"


def post_entries(actor, specs, *, returning=True, balances=None):
    """Write ``specs`` (EntrySpec) with their postings and move the balances. Call inside the
    caller's transaction. Keys already posted raise (the caller decides what is new). Returns
    the entries written (their ids only, in ``specs``' order, with ``returning=False``).

    With ``balances`` (a ``defaultdict(Decimal)``) the balance deltas are added to it instead,
    and the caller moves the balances with ``apply_balances`` before its transaction ends (an
    import of many batches locks and updates each balance once, not once per batch)."""
    if not specs:
        return []
    deltas = defaultdict(Decimal) if balances is None else balances
    for spec in specs:  # one pass: every entry balances, and what each balance moves by
        total = Decimal(0)
        for org_id, account, amount in spec.lines:
            total += amount
            deltas[(org_id, account)] += amount
        if total != 0:
            raise ValidationError(_("记账凭证借贷不平衡"))
    now = timezone.now()
    if on_postgres():
        ids = _copy_entries(actor, specs, now)
        if balances is None:
            apply_balances(deltas)
        if not returning:
            return ids
        # Unscoped: the entries just written (callers checked the scope).
        found = Entry.unscoped.in_bulk(ids)
        return [found[pk] for pk in ids]
    entries = [
        Entry(
            org_id=s.org_id, kind=s.kind, occurred_on=s.occurred_on, memo=s.memo[:200],
            memo_code=s.memo_code, memo_args=s.memo_args, idempotency_key=s.key,
            reverses_id=s.reverses_id, created_by=actor, created_at=now,
        )
        for s in specs
    ]  # fmt: skip
    # Unscoped: ledger rows of every level that receives a share (callers checked the scope).
    Entry.unscoped.bulk_create(entries, batch_size=1000)
    postings = [
        Posting(entry=entry, org_id=org_id, account=account, amount=amount)
        for entry, spec in zip(entries, specs, strict=True)
        for org_id, account, amount in spec.lines
    ]
    # Unscoped: ledger rows of every level that receives a share (callers checked the scope).
    Posting.unscoped.bulk_create(postings, batch_size=5000)
    if balances is None:
        apply_balances(deltas)
    return entries if returning else [e.pk for e in entries]


def reserve_ids(cursor, table, count):
    """``count`` fresh ids of ``table`` from its sequence (safe beside concurrent writers)."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_entries(actor, specs, now):
    """PostgreSQL: ``COPY`` the entries of ``specs`` (ids reserved first) and their postings,
    as COPY text built in one pass. Returns the entries' ids in ``specs``' order. A key posted
    before fails the unique index, as an insert would."""
    with connection.cursor() as cursor:
        ids = reserve_ids(cursor, "funds_entry", len(specs))
        tail = f"\t{actor.pk}\t{now.isoformat()}\n"
        entries, postings = [], []
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for pk, s in zip(ids, specs, strict=True):
            reverses = "\\N" if s.reverses_id is None else s.reverses_id
            entries.append(
                f"{pk}\t{s.org_id}\t{s.kind}\t{s.occurred_on.isoformat()}\t"
                f"{copy_text(s.memo[:200])}\t{s.memo_code}\t{copy_text(dumps(s.memo_args))}\t"
                f"{copy_text(s.key)}\t{reverses}{tail}"
            )
            postings.extend(f"{pk}\t{o}\t{a}\t{m}\n" for o, a, m in s.lines)
        copy(cursor.cursor, "funds_entry", ENTRY_COLUMNS, "".join(entries))
        copy(cursor.cursor, "funds_posting", POSTING_COLUMNS, "".join(postings))
    return ids


ENTRY_COLUMNS = ("id", "org_id", "kind", "occurred_on", "memo", "memo_code", "memo_args",
                 "idempotency_key", "reverses_id", "created_by_id", "created_at")  # fmt: skip
POSTING_COLUMNS = ("entry_id", "org_id", "account", "amount")


def apply_balances(deltas):
    """Add ``deltas`` (``{(org_id, account): amount}``) to the balances under row locks, taken
    in (org, account) order so that two writers never wait on each other in a circle."""
    keys = sorted(k for k, v in deltas.items() if v)
    if not keys:
        return
    if not on_postgres():
        return _apply_balances_rowwise(deltas, keys)
    orgs, accounts = [o for o, _a in keys], [str(a) for _o, a in keys]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funds_balance (org_id, account, amount, updated_at)"
            " SELECT t.o, t.a, 0, now() FROM unnest(%s::bigint[], %s::text[]) AS t(o, a)"
            " ORDER BY t.o, t.a ON CONFLICT (org_id, account) DO NOTHING",
            [orgs, accounts],
        )
        cursor.execute(
            "SELECT b.id FROM funds_balance b JOIN unnest(%s::bigint[], %s::text[]) AS t(o, a)"
            " ON b.org_id = t.o AND b.account = t.a ORDER BY b.org_id, b.account FOR UPDATE OF b",
            [orgs, accounts],
        )
        cursor.execute(
            "UPDATE funds_balance AS b SET amount = b.amount + v.delta, updated_at = now()"
            " FROM unnest(%s::bigint[], %s::text[], %s::numeric[]) AS v(org_id, account, delta)"
            " WHERE b.org_id = v.org_id AND b.account = v.account",
            [orgs, accounts, [deltas[k] for k in keys]],
        )


def _apply_balances_rowwise(deltas, keys):
    org_ids = sorted({org_id for org_id, _a in keys})
    # Unscoped: balances of every level that receives a share, created on first use.
    Balance.unscoped.bulk_create(
        [Balance(org_id=o, account=a) for o, a in keys], ignore_conflicts=True, batch_size=2000
    )
    rows = (
        # Unscoped: balances of every level that receives a share, locked in (org, account) order.
        Balance.unscoped.select_for_update()
        .filter(org_id__in=org_ids)
        .order_by("org_id", "account")
    )
    changed = []
    for row in rows:
        delta = deltas.get((row.org_id, row.account))
        if delta:
            row.amount += delta
            row.updated_at = timezone.now()
            changed.append(row)
    # Unscoped: the balances locked above.
    Balance.unscoped.bulk_update(changed, ["amount", "updated_at"], batch_size=1000)


@transaction.atomic
def reverse_entry(*, actor, entry, reason):
    """Correct a posted entry by its mirror image (never an edit). An entry is reversed at most
    once (a unique link). Effects: the reversal and its postings, balances, an audit event; a
    statement line whose entry is reversed may be matched again."""
    from ..models import StatementLine

    require_perm("funds.reverse_entry")
    if not reason.strip():
        raise ValidationError({"reason": _("请填写冲正理由")})
    # Unscoped: the caller looked the entry up in scope; the lock is on the same row.
    entry = Entry.unscoped.select_for_update().get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError(_("冲正凭证不能再冲正"))
    # Unscoped: a reversal anywhere counts: an entry is reversed once.
    if Entry.unscoped.filter(reverses=entry).exists():
        raise ValidationError(_("该凭证已经冲正过"))
    args = {"pk": entry.pk, "reason": reason.strip()}
    spec = EntrySpec(
        org_id=entry.org_id, kind=EntryKind.REVERSAL, occurred_on=timezone.localdate(),
        memo=Memo.text(Memo.REVERSAL, args), memo_code=Memo.REVERSAL, memo_args=args,
        key=f"reverse:{entry.pk}",
        # Unscoped: an entry's postings sit at every level that received a share.
        lines=[(p.org_id, p.account, -p.amount) for p in Posting.unscoped.filter(entry=entry)],
        reverses_id=entry.pk,
    )  # fmt: skip
    (reversal,) = post_entries(actor, [spec])
    if entry.idempotency_key.startswith("line:"):
        line_id = int(entry.idempotency_key.split(":")[1])
        # Unscoped: the line this entry posted (its key names it).
        StatementLine.unscoped.filter(pk=line_id).update(status="reversed", employer=None, kind="")
    audit.record(actor, "funds.entry.reverse", entry, extra={"reason": reason.strip()[:200]})
    return reversal


# --- transfers ------------------------------------------------------------------------------


@transaction.atomic
def record_transfer(*, actor, payer, payee, amount, on, memo, reference):
    """A transfer down (拨付, to an org below) or up (上解, to the org above or, from the
    district, to the upper unions). ``reference`` (the bank's voucher number) is the idempotency
    key: recording it twice posts once. Effects: the entry, its postings, balances, audit."""
    require_perm("funds.record_transfer")
    scope = current_scope()
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("金额须大于 0")})
    if not org_in_scope(payer):
        raise ValidationError({"payer": _("付款单位不在您的管理范围内")})
    upward_out = payee is None  # from the district to the upper unions
    if upward_out and not payer.is_root():
        # a union below the district hands money up to its own upper union, inside the tree
        raise ValidationError(
            {"payee": _("只有区总工会可向区外上级工会上解；请选择收款的上级工会")}
        )
    if upward_out:
        kind = EntryKind.TRANSFER_UP
        lines = [(payer.pk, Account.PAYABLE_UP, amount), (payer.pk, Account.BANK, -amount)]
    elif payee.path.startswith(payer.path) and payee.pk != payer.pk:
        kind = EntryKind.TRANSFER_DOWN
        lines = _between(payer, payee, amount)
    elif payer.path.startswith(payee.path) and payee.pk != payer.pk:
        kind = EntryKind.TRANSFER_UP
        lines = _between(payer, payee, amount)
    else:
        raise ValidationError({"payee": _("拨付只能给下级，上解只能交上级")})
    key = f"transfer:{reference.strip()}"
    if not reference.strip():
        raise ValidationError({"reference": _("请填写银行凭证号")})
    # Unscoped: idempotency keys are unique across the whole ledger.
    if Entry.unscoped.filter(idempotency_key=key).exists():
        raise ValidationError({"reference": _("该凭证号已经记过账")})
    memo = (memo or "").strip()
    spec = EntrySpec(payer.pk, kind, on, memo or Memo.text(Memo.KIND, {}, kind), key, lines,
                     memo_code="" if memo else Memo.KIND)  # fmt: skip
    (entry,) = post_entries(actor, [spec])
    audit.record(actor, f"funds.{kind}.record", entry, org=payer,
                 extra={"amount": str(amount), "payee": payee.code if payee else "upper",
                        "scope": scope.org_id})  # fmt: skip
    return entry


def _between(payer, payee, amount):
    return [
        (payer.pk, Account.TRANSFER_OUT, amount), (payer.pk, Account.BANK, -amount),
        (payee.pk, Account.BANK, amount), (payee.pk, Account.TRANSFER_IN, -amount),
    ]  # fmt: skip


# --- sharing rules -------------------------------------------------------------------------


@transaction.atomic
def add_sharing_rule(*, actor, kind, valid_from, grassroots, street, district, upper, note=""):
    """A new version of the district's sharing rule for ``kind`` from ``valid_from`` on (older
    payments keep the rule of their date). Effects: the rule row; an audit event."""
    require_perm("funds.manage_rules")
    pcts = [grassroots, street, district, upper]
    if any(p is None or p < 0 or p > 100 for p in pcts):
        raise ValidationError(_("各级比例须在 0 到 100 之间"))
    if sum(pcts) != HUNDRED:
        raise ValidationError(_("各级比例合计须为 100%%，现为 %(sum)s%%") % {"sum": sum(pcts)})
    org = Org.objects.get(pk=current_scope().org_id)
    # Unscoped: the uniqueness the database enforces, checked across scopes for a clear message.
    if SharingRule.unscoped.filter(org=org, kind=kind, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _("该日期已有一版比例，请换一个起用日期")})
    rule = SharingRule.objects.create(
        org=org, kind=kind, valid_from=valid_from, grassroots_pct=grassroots, street_pct=street,
        district_pct=district, upper_pct=upper, note=note, created_by=actor,
    )  # fmt: skip
    audit.record(
        actor, "funds.rule.add", rule, extra={"kind": kind, "pcts": [str(p) for p in pcts]}
    )
    return rule


def new_token():
    return uuid.uuid4()
