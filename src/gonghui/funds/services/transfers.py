"""Transfers down (拨付) and up (上解) reconciled with the bank: an org's bank statement is
imported and each line matched to a recorded transfer of that org by amount and date, and by the
bank voucher number (reference) or the counterpart's name; what does not match is listed in the
reconciliation report."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from gonghui.core.scoping import org_in_scope, require_perm

from ..enums import Account, EntryKind
from ..models import BankLine, Posting
from .remittances import payer_key

TRANSFER_KINDS = (EntryKind.TRANSFER_DOWN, EntryKind.TRANSFER_UP)


def _candidates(org, dates):
    """``{(date, amount): [(entry, reference, counterparts)]}``: the transfers of ``org`` on
    ``dates`` not yet reconciled, keyed by the amount on ``org``'s bank account."""
    # Unscoped: the importing org's own postings (its scope was checked by the caller).
    mine = (
        Posting.unscoped.filter(org=org, account=Account.BANK, entry__kind__in=TRANSFER_KINDS,
                                entry__occurred_on__in=dates)
        .exclude(entry__bank_lines__org=org)
        .select_related("entry")
    )  # fmt: skip
    entries = {p.entry_id: p for p in mine}
    others = defaultdict(set)
    # Unscoped: the other side of each transfer (its name is what the bank prints).
    for p in (
        Posting.unscoped.filter(entry_id__in=entries, account=Account.BANK)
        .exclude(org=org)
        .select_related("org")
    ):
        others[p.entry_id].add(payer_key(p.org.name))  # as statements print names
    found = defaultdict(list)
    for entry_id, p in sorted(entries.items()):
        reference = p.entry.idempotency_key.removeprefix("transfer:")
        found[(p.entry.occurred_on, p.amount)].append((p.entry, reference, others[entry_id]))
    return found


def _one_import_at_a_time(org):
    """PostgreSQL: imports of ``org``'s bank lines take turns (a lock held until the caller's
    transaction ends). A second import of the same file at the same moment waits for the first,
    then finds its lines imported and skips them, rather than failing on the unique serial; and
    two imports never match the same transfer from different lines. SQLite writes one
    transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"funds.bank_lines:{org.pk}"],
            )


@transaction.atomic
def import_bank_lines(*, actor, org, lines):
    """Import bank statement ``lines`` (dicts: serial, on, amount signed, counterpart,
    reference) of ``org``; lines seen before are skipped (unique org + serial), also those an
    import running at the same moment holds (it is waited for). Each new line is
    matched to one unreconciled transfer of ``org`` with the same date and amount whose voucher
    number equals the line's reference or whose other side is the counterpart. Effects: the
    lines, their matches. Returns counts by outcome."""
    require_perm("funds.record_transfer")
    if not org_in_scope(org):
        raise ValidationError({"org": _("该组织不在您的管理范围内")})
    _one_import_at_a_time(org)
    # Unscoped: which serials this org imported before, whoever imported them.
    seen = set(BankLine.unscoped.filter(org=org, serial__in=[r["serial"] for r in lines])
               .values_list("serial", flat=True))  # fmt: skip
    new = [r for r in lines if r["serial"] not in seen]
    candidates = _candidates(org, {r["on"] for r in new})
    rows, matched = [], 0
    for r in new:
        entry = None
        pool = candidates.get((r["on"], r["amount"]), [])
        for i, (e, reference, counterparts) in enumerate(pool):
            if (r.get("reference") and r["reference"] == reference) or (
                r.get("counterpart") and payer_key(r["counterpart"]) in counterparts
            ):
                entry = e
                del pool[i]
                break
        matched += entry is not None
        rows.append(BankLine(org=org, serial=r["serial"], on=r["on"], amount=r["amount"],
                             counterpart=(r.get("counterpart") or "")[:200],
                             reference=(r.get("reference") or "")[:60], entry=entry,
                             created_by=actor))  # fmt: skip
    BankLine.unscoped.bulk_create(rows, batch_size=2000)
    return {
        _("已对上"): matched,
        _("未对上"): len(rows) - matched,
        _("已导入过"): len(lines) - len(new),
    }
