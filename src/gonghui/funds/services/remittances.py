"""Union funds (工会经费) and preparatory funds (建会筹备金): statements, matching, arrears.

A statement line is imported once (unique by channel and serial number: two imports of the same
file at the same moment insert each line once, the second waiting on the first's index entry),
posted once (its entry's idempotency key) and only from the transaction that inserted it.
"""

import datetime
import re
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config, notify
from gonghui.core.pgcopy import copy, copy_text
from gonghui.core.roles import Role
from gonghui.core.scoping import (
    Scope,
    activate,
    current_scope,
    org_in_scope,
    require_perm,
    subtree_q,
)
from gonghui.core.text.normalize import to_halfwidth
from gonghui.orgs.models import Employer, Org, OrgKind, OrgStatus

from ..enums import EntryKind, FundKind, LineStatus
from ..models import EmployerFunds, Entry, Memo, PayerAlias, Posting, StatementLine
from .ledger import Chains, EntrySpec, Rules, new_token, on_postgres, post_entries, share_lines

notify.register_template(
    "funds.arrears_reminder",
    "【{sign}】{employer}：截至{month}贵单位应拨缴{what}{expected}元，已到账{received}元，"
    "尚欠{owed}元，请尽快缴纳。如有疑问请联系{union}。",
)


def payer_key(name, code=""):
    """How a payer is recognised on statements: its credit code, else its name without spaces
    and with half-width brackets."""
    code = (code or "").strip().upper()
    if code:
        return f"code:{code}"
    text = re.sub(r"\s+", "", to_halfwidth(name or ""))
    return f"name:{text}"[:200]


def fund_kind_of(employer):
    """Union funds once the employer has a union, preparatory funds before."""
    return FundKind.FUNDS if employer.has_union else FundKind.PREP


# --- employer profile -----------------------------------------------------------------------


@transaction.atomic
def set_employer_funds(*, actor, employer, monthly_payroll, contact_name="", contact_phone=""):
    """Record an employer's declared monthly payroll and finance contact. Effects: the funds
    profile (created on first use); an audit event."""
    require_perm("funds.manage_employer_funds")
    if monthly_payroll is None or monthly_payroll < 0:
        raise ValidationError({"monthly_payroll": _("申报工资总额不能为负数")})
    digits = re.sub(r"\D", "", contact_phone or "")
    if contact_phone and not re.fullmatch(r"1\d{10}", digits):
        raise ValidationError({"contact_phone": _("请填写 11 位手机号")})
    # Unscoped: an employer the caller checked to be in scope; its profile is created on first use.
    profile, _created = EmployerFunds.unscoped.select_for_update().get_or_create(
        employer=employer, defaults={"org": employer.org}
    )
    before = audit.snapshot(profile, ["monthly_payroll", "contact_name"])
    profile.org = employer.org
    profile.monthly_payroll = monthly_payroll
    profile.contact_name = contact_name
    profile.contact_phone = digits
    profile.save()
    audit.record(actor, "funds.employer.update", employer,
                 changes=audit.diff(before, audit.snapshot(profile, ["monthly_payroll", "contact_name"])))  # fmt: skip
    return profile


# --- statements -----------------------------------------------------------------------------


def _employers_for(org, keys):
    """``{payer_key: employer}`` known for ``keys`` in ``org``'s subtree: by credit code, by a
    remembered match, then by exact name."""
    found = {}
    # Unscoped: employers of the importing org's subtree (the org was checked to be in scope).
    in_tree = Employer.unscoped.filter(subtree_q(org.path)).select_related("org")
    codes = [k[5:] for k in keys if k.startswith("code:")]
    for e in in_tree.filter(credit_code__in=codes):
        found[f"code:{e.credit_code}"] = e
    rest = [k for k in keys if k not in found]
    # Unscoped: a payer is remembered once for the district, whoever matched it. A match counts
    # only for imports at the level that made it or below, and only for an employer of the
    # importing org's subtree: a union's match must not steer the money of a statement imported
    # above it (a union naming a payer like another union's employer after its own).
    aliases = PayerAlias.unscoped.filter(payer_key__in=rest).select_related("org", "employer__org")
    for alias in aliases:
        if org.path.startswith(alias.org.path) and alias.employer.org.path.startswith(org.path):
            found[alias.payer_key] = alias.employer
    names = {k[5:]: k for k in rest if k.startswith("name:") and k not in found}
    for e in in_tree.filter(name__in=list(names)):
        found.setdefault(names[e.name], e)
    return found


@transaction.atomic
def import_statement_lines(*, actor, org, channel, lines, balances=None):
    """Import statement ``lines`` (dicts: serial, paid_on, period, payer_name, payer_code,
    amount) under ``org``. Lines seen before are skipped (the unique constraint decides, even
    against an import running at the same moment); new lines of a known payer are shared and
    posted at once, the others wait for matching. Returns counts by outcome (Chinese labels).

    Set-based: the payers of all ``lines`` are resolved in one pass of queries, the lines
    inserted in one statement (``ON CONFLICT DO NOTHING``, the ids of the lines this
    transaction inserted returned), and the entries of the new lines posted together. With
    ``balances`` the balance deltas are collected there for the caller to apply (``post_entries``)."""
    require_perm("funds.import_statement")
    if not org_in_scope(org):
        raise ValidationError({"org": _("该组织不在您的管理范围内")})
    token = new_token()
    keyed = [(payer_key(r["payer_name"], r.get("payer_code")), r) for r in lines]
    employers = _employers_for(org, {key for key, _r in keyed})
    if on_postgres():
        inserted, posted = _insert_new_lines_pg(org, channel, keyed, employers, token)
    else:
        rows = [_line_row(org, channel, r, key, employers.get(key), token) for key, r in keyed]
        mine = _insert_new_lines(rows, token)
        inserted = len(mine)
        posted = [_to_post(line) for line in mine if line.employer_id]
    post_entries(actor, _line_specs(posted), returning=False, balances=balances)
    return {
        _("新导入"): inserted,
        _("已导入过"): len(lines) - inserted,
        _("已入账"): len(posted),
        _("待匹配"): inserted - len(posted),
    }


def _line_row(org, channel, r, key, employer, token):
    return StatementLine(
        org=org, channel=channel, serial=r["serial"], paid_on=r["paid_on"],
        period=r["period"].replace(day=1), payer_name=r["payer_name"][:200],
        payer_code=(r.get("payer_code") or "")[:18], payer_key=key, amount=r["amount"],
        employer=employer, import_token=token,
        kind=fund_kind_of(employer) if employer else "",
        status=LineStatus.POSTED if employer else LineStatus.UNMATCHED,
    )  # fmt: skip


def _to_post(line):
    """What sharing a line needs: ``(pk, posting_round, employer, paid_on, period, amount)``."""
    return (line.pk, line.posting_round, line.employer, line.paid_on, line.period, line.amount)


def _insert_new_lines(rows, token):
    """Elsewhere than PostgreSQL (SQLite in tests): insert ``rows`` once each (unique channel +
    serial) and return the ones inserted here (found by this import's token)."""
    if not rows:
        return []
    # Unscoped: the importing org's own lines (uniqueness across scopes decides what is new).
    StatementLine.unscoped.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    # Unscoped: this import's own rows, found by the token it just wrote.
    return list(StatementLine.unscoped.filter(import_token=token).select_related("employer__org"))


LINE_COLUMNS = (
    "org_id", "channel", "serial", "paid_on", "period", "payer_name", "payer_code", "payer_key",
    "amount", "employer_id", "kind", "status", "posting_round", "import_token",
)  # fmt: skip
# The batch's lines on their way in: one temporary table per connection, emptied as it is read.
LINES_IN = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS funds_lines_in (n integer, org_id bigint, channel text,"
    " serial text, paid_on date, period date, payer_name text, payer_code text, payer_key text,"
    " amount numeric, employer_id bigint, kind text, status text, posting_round smallint,"
    " import_token uuid) ON COMMIT DELETE ROWS"
)


def _insert_new_lines_pg(org, channel, keyed, employers, token):
    """PostgreSQL: insert the lines once each (unique channel + serial: a line another import
    holds is skipped, after waiting for that import's transaction). The rows are built as COPY
    text (no model instances), copied into a temporary table and moved with one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING``; a serial twice in one call keeps its
    first row. Returns how many lines were inserted here and, of those with a known payer,
    what sharing needs (``_to_post``)."""
    head = f"{org.pk}\t{copy_text(channel)}\t"
    tail = f"\t{token}\n"
    text, rows = [], {}
    for n, (key, r) in enumerate(keyed):
        employer = employers.get(key)
        serial, period = r["serial"], r["period"].replace(day=1)
        rows.setdefault(serial, (employer, r["paid_on"], period, r["amount"]))
        if employer is None:
            who = f"\\N\t\t{LineStatus.UNMATCHED}"
        else:
            who = f"{employer.pk}\t{fund_kind_of(employer)}\t{LineStatus.POSTED}"
        text.append(
            f"{n}\t{head}{copy_text(serial)}\t{r['paid_on'].isoformat()}\t{period.isoformat()}\t"
            f"{copy_text(r['payer_name'][:200])}\t{copy_text((r.get('payer_code') or '')[:18])}\t"
            f"{copy_text(key)}\t{r['amount']}\t{who}\t0{tail}"
        )
    columns = ", ".join(LINE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(LINES_IN)
        copy(cursor.cursor, "funds_lines_in", ("n", *LINE_COLUMNS), "".join(text))
        cursor.execute(
            "WITH batch AS (DELETE FROM funds_lines_in RETURNING *)"  # noqa: S608  (column names only)
            f" INSERT INTO funds_statementline ({columns}, created_at)"
            f" SELECT {columns}, now() FROM batch ORDER BY n"
            " ON CONFLICT (channel, serial) DO NOTHING RETURNING id, serial"
        )
        inserted = cursor.fetchall()
    posted = []
    for pk, serial in inserted:
        employer, paid_on, period, amount = rows[serial]
        if employer is not None:
            posted.append((pk, 0, employer, paid_on, period, amount))
    posted.sort(key=lambda item: item[0])
    return len(inserted), posted


def _line_specs(lines):
    """The entries sharing ``lines`` (``_to_post`` tuples, the employer with its org) between
    the levels: the levels above every payer read in one query, the sharing rules once."""
    chains, rules, specs = Chains(), Rules(), []
    chains.preload([line[2].org for line in lines])
    labels = {kind: str(kind.label) for kind in FundKind}
    for pk, posting_round, employer, paid_on, period, amount in lines:
        kind = fund_kind_of(employer)
        month = f"{period:%Y-%m}"
        specs.append(EntrySpec(
            org_id=employer.org_id, kind=EntryKind.REMITTANCE, occurred_on=paid_on,
            memo=f"{employer.name} {month} {labels[kind]}", key=f"line:{pk}:{posting_round}",
            lines=share_lines(amount, kind, chains.levels(employer.org), rules.shares(kind, paid_on)),
            memo_code=Memo.REMITTANCE,
            memo_args={"payer": employer.name, "period": month, "fund": str(kind)},
        ))  # fmt: skip
    return specs


def post_lines(actor, lines):
    """Share and post ``lines`` (with their employer set) and mark them posted. Inside the
    caller's transaction."""
    post_entries(actor, _line_specs([_to_post(line) for line in lines]), returning=False)
    for line in lines:
        line.kind = fund_kind_of(line.employer)
        line.status = LineStatus.POSTED
    # Unscoped: the lines just posted by this service.
    StatementLine.unscoped.bulk_update(lines, ["kind", "status"], batch_size=2000)
    return len(lines)


@transaction.atomic
def match_payer(*, actor, line, employer):
    """Match an unknown payer to an employer once: the match is remembered (the next statement
    posts at once) and every waiting line of that payer in scope is posted now. Effects: the
    remembered match, the entries and balances, an audit event. Returns the lines posted."""
    require_perm("funds.match_payer")
    if not org_in_scope(employer.org):
        raise ValidationError({"employer": _("该单位不在您的管理范围内")})
    # Unscoped: the caller looked the line up in scope; the lock is on the same row.
    line = StatementLine.unscoped.select_for_update().get(pk=line.pk)
    if line.status == LineStatus.POSTED:
        raise ValidationError(_("该笔款项已经入账"))
    scope_org = line.org if org_in_scope(line.org) else employer.org
    # Unscoped: one remembered match per payer, whoever made it (unique payer key).
    alias = PayerAlias.unscoped.select_for_update().filter(payer_key=line.payer_key).first()
    if alias is None:
        alias = PayerAlias.objects.create(
            org=scope_org, payer_key=line.payer_key, payer_name=line.payer_name,
            employer=employer, created_by=actor,
        )  # fmt: skip
    elif not org_in_scope(alias.org):
        # Matched above or beside the actor: theirs to correct, not this union's.
        if alias.employer_id != employer.pk:
            raise ValidationError({"employer": _(
                "该缴款人已由其他工会或上级工会对应到另一单位，不能在此更改；"
                "如确属错配，请由作出匹配的工会撤销原匹配后再匹配"
            )})  # fmt: skip
    else:
        # A person corrects an earlier match (audited below); made from a level above, the
        # match then counts for that level's imports too.
        alias.employer = employer
        if alias.org.path.startswith(scope_org.path):
            alias.org = scope_org
        alias.save(update_fields=["employer", "org"])
    waiting = list(
        StatementLine.objects.select_for_update()
        .filter(payer_key=line.payer_key, status__in=[LineStatus.UNMATCHED, LineStatus.REVERSED])
        .order_by("pk")
    )
    for w in waiting:
        w.employer = employer
        if w.status == LineStatus.REVERSED:
            w.posting_round += 1
    # Unscoped: the lines locked through the scoped manager above.
    StatementLine.unscoped.bulk_update(waiting, ["employer", "posting_round"])
    for w in waiting:
        w.employer = employer
    posted = post_lines(actor, waiting)
    audit.record(actor, "funds.payer.match", employer,
                 extra={"payer": line.payer_name[:100], "lines": posted})  # fmt: skip
    return posted


# --- arrears and reminders -----------------------------------------------------------------


def months_due(year, month):
    return [datetime.date(year, m, 1) for m in range(1, month + 1)]


def rate():
    return config.get("funds.funds_rate_pct")


def expected_amount(monthly_payroll, months):
    return (monthly_payroll * Decimal(rate()) / 100 * months).quantize(Decimal("0.01"))


@transaction.atomic
def send_arrears_reminders(*, actor, employers, year, month, today=None):
    """Queue an SMS to the finance contact of each employer in arrears for ``year`` up to
    ``month`` (skipping those without a phone and those reminded within the configured gap).
    Effects: outbox messages, the profiles' last reminder time and period, one audit event.
    Returns ``(sent, skipped)``."""
    from ..selectors import arrears_rows

    require_perm("funds.send_reminders")
    gap = datetime.timedelta(days=config.get("funds.reminder_gap_days"))
    now = timezone.now()
    ids = {e.pk for e in employers}
    rows = [r for r in arrears_rows(year, month) if r.employer_id in ids]
    sign = current_scope().org.name[:20]
    sent, skipped = _remind(
        rows, sign, year, month, now,
        skip=lambda p: p.last_reminded_at and now - p.last_reminded_at < gap,
    )  # fmt: skip
    audit.record(actor, "funds.arrears.remind", None, org=None,
                 extra={"sent": sent, "skipped": skipped, "month": f"{year}-{month:02d}"})  # fmt: skip
    return sent, skipped


def _remind(rows, sign, year, month, now, skip):
    """Text each arrears row's finance contact unless it has no phone or ``skip(profile)``;
    the profile remembers when and for which period. Returns ``(sent, skipped)``."""
    sent = skipped = 0
    period = datetime.date(year, month, 1)
    for row in rows:
        # Unscoped: the row was read in scope; the lock is taken on the same profile.
        profile = EmployerFunds.unscoped.select_for_update().get(pk=row.pk)
        if not profile.contact_phone or skip(profile):
            skipped += 1
            continue
        notify.send_sms(profile.contact_phone, "funds.arrears_reminder", {
            "sign": sign, "employer": row.employer.name,
            "month": _("%(year)s年%(month)s月") % {"year": year, "month": month},
            "what": str(fund_kind_of(row.employer).label), "expected": f"{row.expected:,.2f}",
            "received": f"{row.received:,.2f}", "owed": f"{row.owed:,.2f}",
            "union": row.org.name,
        }, related=profile)  # fmt: skip
        profile.last_reminded_at, profile.reminded_period = now, period
        profile.save(update_fields=["last_reminded_at", "reminded_period"])
        sent += 1
    return sent, skipped


def send_scheduled_reminders(*, today=None):
    """The monthly arrears reminders, run daily by the worker's schedule: for each district
    that has not turned ``funds.auto_reminders`` off, every employer in arrears up to last
    month is texted once for that month (a profile already reminded for it is skipped, whether
    by this job or by hand). Effects: outbox messages, the profiles, one audit event per
    district that sent. Returns the number of messages queued."""
    from ..selectors import arrears_rows

    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    period = last.replace(day=1)
    now = timezone.now()
    total = 0
    # Unscoped: the job runs for every district, without a user.
    for district in Org.objects.filter(kind=OrgKind.DISTRICT, status=OrgStatus.ACTIVE):
        if not config.get("funds.auto_reminders", district):
            continue
        # The district's own view of its arrears (no user: a system run in the district's scope).
        scope = Scope(
            user=None, role=Role.DISTRICT_ADMIN, org_id=district.pk, org_path=district.path
        )
        with activate(scope), transaction.atomic():
            rows = arrears_rows(last.year, last.month)
            sent, skipped = _remind(rows, district.name[:20], last.year, last.month, now,
                                    skip=lambda p: p.reminded_period == period)  # fmt: skip
            if sent:
                audit.record(None, "funds.arrears.auto_remind", None, org=district,
                             extra={"sent": sent, "skipped": skipped, "month": f"{period:%Y-%m}"})  # fmt: skip
        total += sent
    return total


@transaction.atomic
def unmatch_payer(*, actor, alias, reason):
    """Undo a wrong match of an unknown payer: every posted line of that payer is reversed
    (mirror-image entries, never an edit) and waits for matching again, and the remembered
    match is forgotten (the next statement lists the payer as unknown). Effects: the
    reversals and balances, the lines, the match removed, an audit event. Returns the number of
    lines reversed."""
    require_perm("funds.match_payer")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销理由")})
    # Unscoped: the match is locked by its key whoever made it; the caller looked it up in scope.
    alias = PayerAlias.unscoped.select_for_update().select_related("employer").get(pk=alias.pk)
    lines = list(
        StatementLine.objects.select_for_update()
        .filter(payer_key=alias.payer_key, status=LineStatus.POSTED)
        .order_by("pk")
    )
    keys = [f"line:{line.pk}:{line.posting_round}" for line in lines]
    # Unscoped: the entries of lines in scope (their keys) sit with the payer's union.
    entries = list(
        Entry.unscoped.select_for_update(of=("self",)).filter(
            idempotency_key__in=keys, reversed_by=None
        )
    )
    postings = defaultdict(list)
    # Unscoped: the postings of those entries, at every level that received a share.
    for p in Posting.unscoped.filter(entry__in=entries).order_by("entry_id", "id"):
        postings[p.entry_id].append((p.org_id, p.account, -p.amount))
    today = timezone.localdate()
    post_entries(actor, [
        EntrySpec(org_id=e.org_id, kind=EntryKind.REVERSAL, occurred_on=today,
                  memo=Memo.text(Memo.UNMATCH, {"pk": e.pk, "reason": reason}),
                  key=f"reverse:{e.pk}", lines=postings[e.pk], reverses_id=e.pk,
                  memo_code=Memo.UNMATCH, memo_args={"pk": e.pk, "reason": reason})
        for e in entries
    ])  # fmt: skip
    StatementLine.unscoped.filter(pk__in=[line.pk for line in lines]).update(
        status=LineStatus.REVERSED, employer=None, kind=""
    )
    audit.record(actor, "funds.payer.unmatch", alias.employer,
                 extra={"payer": alias.payer_name[:100], "lines": len(lines), "reason": reason[:200]})  # fmt: skip
    alias.delete()
    return len(lines)
