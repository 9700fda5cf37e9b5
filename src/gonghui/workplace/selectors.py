"""Scoped reads: staff lists, the worker's own view (their employer only), checklists, statistics."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assemblies.selectors import closed_resolutions, resolution_passed
from gonghui.core import config
from gonghui.core.scoping import current_scope
from gonghui.members.models import KEEPS_MEMBERSHIP, Member
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Org, OrgKind

from . import policy
from .models import (
    CommitmentStatus,
    Consultation,
    Contract,
    ContractStatus,
    Disclosure,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureQuestion,
    DisclosureStatus,
    JointCommitment,
)

UNION_KINDS = GRASSROOTS_KINDS | {OrgKind.GROUP}
CONTRACT_VISIBLE_TO_WORKERS = (ContractStatus.IN_FORCE,)


# --- The worker's own view --------------------------------------------------------------------


def member_of(user):
    """The member record linked to ``user`` (the person's own; one per login), or ``None``."""
    if not getattr(user, "is_authenticated", False):
        return None
    # Unscoped: the person's own record, wherever their union sits relative to the role's org.
    return (
        Member.unscoped.filter(user=user, status__in=KEEPS_MEMBERSHIP)
        .select_related("employer")
        .first()
    )


def is_staff_scope():
    scope = current_scope(required=False)
    return scope is not None and scope.has_perm("workplace.view_disclosure")


def worker_disclosures(user):
    """Posted items a worker may read: those of their own employer (``Member.employer``).

    Staff roles get the posted items of their scope instead (a preview of the worker pages).
    A worker without a member record or an employer sees nothing.
    """
    posted = Q(status=DisclosureStatus.POSTED)
    # Staff: the scoped manager limits to their subtree.
    if is_staff_scope():
        return Disclosure.objects.filter(posted)
    member = member_of(user)
    # No member record, or no employer on it: nothing to read.
    if member is None or member.employer_id is None:
        return Disclosure.objects.none()
    # A worker: their employer's items only. Unscoped on purpose: the employer, not the union
    # subtree, is the worker's scope (an employer's union may sit outside the member's role org).
    return Disclosure.unscoped.filter(posted, employer_id=member.employer_id)


def worker_contracts(user):
    """Contracts in force that cover the worker's employer (regional ones included)."""
    live = Q(status__in=CONTRACT_VISIBLE_TO_WORKERS)
    # Staff: preview of what is in their scope.
    if is_staff_scope():
        return Contract.objects.filter(live)
    member = member_of(user)
    # No member record or no employer: nothing.
    if member is None or member.employer_id is None:
        return Contract.objects.none()
    # The worker's employer is the scope: a regional contract is held by a higher union.
    return Contract.unscoped.filter(live, covered_employers=member.employer_id).distinct()


def worker_disclosure_or_404(user, pk):
    try:
        return worker_disclosures(user).select_related("employer", "category").get(pk=pk)
    except (Disclosure.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def worker_attachments(disclosure):
    """The files of a disclosure the worker may read (``disclosure`` from ``worker_disclosures``).
    Unscoped: the employer's union may sit outside the worker's scope."""
    return DisclosureAttachment.unscoped.filter(disclosure=disclosure)


def worker_attachment(user, pk):
    """One attachment of a disclosure the worker may read, or ``None``."""
    return DisclosureAttachment.unscoped.filter(
        pk=pk, disclosure__in=worker_disclosures(user)
    ).first()


def my_questions(user):
    # Unscoped: the worker's own questions, asked of their employer's union (outside their scope).
    return (
        DisclosureQuestion.unscoped.filter(asked_by=user)
        .select_related("disclosure")
        .order_by("-asked_on", "-id")
    )


# --- Staff lists ------------------------------------------------------------------------------


def employers_in_scope():
    return Employer.objects.filter(is_active=True).select_related("org").order_by("name")


def disclosure_list(*, q="", employer=None, category=None, year=None, status="", flag=""):
    qs = Disclosure.objects.select_related("employer", "category", "org")
    qs = qs.annotate(open_questions=Count("questions", filter=Q(questions__answered_on=None)))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(employer__name__icontains=q))
    if employer:
        qs = qs.filter(employer_id=employer)
    if category:
        qs = qs.filter(category_id=category)
    if year:
        qs = qs.filter(decision_date__year=year)
    if status:
        qs = qs.filter(status=status)
    if flag == "late":
        qs = qs.filter(is_late=True)
    elif flag == "short":
        qs = qs.filter(is_short=True)
    return qs.order_by("-decision_date", "-id")


def question_list(*, open_only=False, overdue_only=False, today=None):
    today = today or timezone.localdate()
    qs = DisclosureQuestion.objects.select_related("disclosure", "disclosure__employer", "member")
    if open_only or overdue_only:
        qs = qs.filter(answered_on=None)
    if overdue_only:
        qs = qs.filter(due_on__lt=today)
    return qs.order_by("answered_on", "due_on", "id")


def overdue_questions(today=None):
    return question_list(overdue_only=True, today=today)


def _searched(qs, q, *, kind="", status=""):
    """A consultation or contract list narrowed by its search box (title or employer side) and
    its kind and status choices (blank: any)."""
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(employer_party__icontains=q))
    choices = {"kind": kind, "status": status}
    return qs.filter(**{name: value for name, value in choices.items() if value})


def consultation_list(*, q="", kind="", status=""):
    qs = Consultation.objects.select_related("employer", "org").annotate(
        round_count=Count("rounds")
    )
    return _searched(qs, q, kind=kind, status=status).order_by("-requested_on", "-id")


def contract_list(*, q="", kind="", status="", alert=""):
    today = timezone.localdate()
    qs = _searched(Contract.objects.select_related("employer", "org"), q, kind=kind, status=status)
    if alert == "expiring":
        qs = expiring_contracts(today=today)
    elif alert == "filing_overdue":
        qs = qs.filter(status=ContractStatus.SIGNED, filing_due__lt=today)
    elif alert == "publish_overdue":
        qs = qs.filter(status=ContractStatus.IN_FORCE, published_on=None, publish_due__lt=today)
    return qs


def contracts_in_effect(path, on=None):
    """Collective contracts in force on ``on`` (today by default) in the subtree at ``path``:
    the one source of the figure (home card, annual return, district report)."""
    from gonghui.core.scoping import subtree_q

    on = on or timezone.localdate()
    return Contract.objects.filter(
        subtree_q(path, "org__path"),
        status=ContractStatus.IN_FORCE,
        start_date__lte=on,
        end_date__gte=on,
    ).order_by("org__path", "id")


def expiring_contracts(within=None, today=None):
    """Contracts in force ending within ``within`` days (the largest reminder by default) and
    not yet being renewed."""
    today = today or timezone.localdate()
    within = within if within is not None else policy.reminder_thresholds()[0]
    return (
        Contract.objects.filter(
            status=ContractStatus.IN_FORCE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=within),
            renewal__isnull=True,
        )
        .select_related("employer", "org")
        .order_by("end_date")
    )


def commitment_list(*, q="", status=""):
    qs = JointCommitment.objects.select_related("employer", "org").annotate(
        check_count=Count("checks")
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(employer__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-start_date", "-id")


# --- Yearly checklist and compliance ----------------------------------------------------------


def required_categories():
    return list(DisclosureCategory.objects.filter(is_active=True, required=True))


def checklist(employer, year):
    """Per required category: the posted items of ``employer`` decided in ``year``."""
    items = defaultdict(list)
    for d in Disclosure.objects.filter(
        employer=employer, status=DisclosureStatus.POSTED, decision_date__year=year
    ).select_related("category"):
        items[d.category_id].append(d)
    rows = [{"category": c, "items": items.get(c.id, [])} for c in required_categories()]
    missing = [r["category"] for r in rows if not r["items"]]
    return {"rows": rows, "missing": missing, "complete": not missing}


def _checklist_bucket(org):
    """One row of the compliance overview: ``org``'s employers and their checklist counts."""
    return {
        "org": org,
        "employers": 0,
        "complete": 0,
        "missing": 0,
        "late": 0,
        "short": 0,
        "incomplete": [],
    }


def compliance_overview(org, year):
    """Per child of ``org`` (and ``org`` itself for employers it holds): employers with a union,
    how many disclosed every required category in ``year``, and late/short postings."""
    required = {c.id for c in required_categories()}
    employers = list(
        Employer.objects.in_subtree(org.path)
        .filter(is_active=True, org__kind__in=UNION_KINDS)
        .values("id", "name", "org__path")
    )
    done = defaultdict(set)
    flags = defaultdict(lambda: [0, 0])
    for row in (
        Disclosure.objects.in_subtree(org.path)
        .filter(status=DisclosureStatus.POSTED, decision_date__year=year)
        .values("employer_id", "category_id", "is_late", "is_short")
    ):
        done[row["employer_id"]].add(row["category_id"])
        flags[row["employer_id"]][0] += row["is_late"]
        flags[row["employer_id"]][1] += row["is_short"]
    children = list(Org.objects.in_subtree(org.path).filter(depth=org.depth + 1).order_by("path"))
    buckets = {c.path: _checklist_bucket(c) for c in children}
    own = _checklist_bucket(org)
    step = org.steplen
    for e in employers:
        bucket = buckets.get(e["org__path"][: len(org.path) + step], own)
        lacking = len(required - done[e["id"]])
        bucket["employers"] += 1
        bucket["complete"] += lacking == 0
        bucket["missing"] += lacking
        bucket["late"] += flags[e["id"]][0]
        bucket["short"] += flags[e["id"]][1]
        if lacking:
            bucket["incomplete"].append({"id": e["id"], "name": e["name"], "missing": lacking})
    rows = ([own] if own["employers"] else []) + [b for b in buckets.values() if b["employers"]]
    total = {
        k: sum(r[k] for r in rows) for k in ("employers", "complete", "missing", "late", "short")
    }
    return {"rows": rows, "total": total, "required_count": len(required)}


# --- Contract statistics ----------------------------------------------------------------------


STAT_KEYS = (
    "employers",
    "workers",
    "covered_employers",
    "covered_workers",
    "wage_covered_employers",
    "in_force",
    "expiring",
    "filing_overdue",
    "publish_overdue",
    "expired",
    "commitments_active",
)


def _empty_stats(org):
    return {"org": org, **dict.fromkeys(STAT_KEYS, 0)}


def contract_breakdown(org, today=None):
    """Contract statistics for the subtree of ``org`` and for each of its children, in a fixed
    number of queries (employers, coverage, contracts, commitments): ``(total, rows)``."""
    today = today or timezone.localdate()
    within = policy.reminder_thresholds(org)[0]
    total = _empty_stats(org)
    children = Org.objects.in_subtree(org.path).filter(depth=org.depth + 1).order_by("path")
    rows = {child.path: _empty_stats(child) for child in children}
    width = len(org.path) + org.steplen

    def targets(path):
        child = rows.get(path[:width])
        return (total, child) if child is not None else (total,)

    employers = Employer.objects.in_subtree(org.path).filter(is_active=True)
    # Coverage counts contracts held higher up too (regional ones): numbers only, no content.
    live = Contract.covered_employers.through.objects.filter(
        contract__status=ContractStatus.IN_FORCE,
        contract__start_date__lte=today,
        contract__end_date__gte=today,
        employer__in=employers.values("id"),
    ).values_list("employer_id", "contract__kind")
    covered, wage = set(), set()
    for employer_id, kind in live:
        covered.add(employer_id)
        if kind == "wage":
            wage.add(employer_id)
    for employer_id, path, headcount in employers.values_list("id", "org__path", "headcount"):
        for bucket in targets(path):
            bucket["employers"] += 1
            bucket["workers"] += headcount
            if employer_id in covered:
                bucket["covered_employers"] += 1
                bucket["covered_workers"] += headcount
            bucket["wage_covered_employers"] += employer_id in wage
    contracts = (
        Contract.objects.in_subtree(org.path)
        .filter(status__in=(ContractStatus.SIGNED, ContractStatus.IN_FORCE))
        .values_list(
            "org__path",
            "status",
            "end_date",
            "filing_due",
            "publish_due",
            "published_on",
            "renewal__id",
        )
    )
    for path, status, end, filing_due, publish_due, published_on, renewal in contracts:
        flags = _contract_flags(
            status, end, filing_due, publish_due, published_on, renewal, today, within
        )
        for bucket in targets(path):
            for key in flags:
                bucket[key] += key != "in_force"
    # Contracts in force: the one selector the home card, the annual return and the district
    # report read (in force, started and not ended on ``today``).
    for (path,) in contracts_in_effect(org.path, today).values_list("org__path"):
        for bucket in targets(path):
            bucket["in_force"] += 1
    for (path,) in (
        JointCommitment.objects.in_subtree(org.path)
        .filter(status=CommitmentStatus.ACTIVE)
        .values_list("org__path")
    ):
        for bucket in targets(path):
            bucket["commitments_active"] += 1
    rows = list(rows.values())
    for bucket in (total, *rows):
        bucket["employer_rate"] = _rate(bucket["covered_employers"], bucket["employers"])
        bucket["worker_rate"] = _rate(bucket["covered_workers"], bucket["workers"])
    return total, rows


def _contract_flags(status, end, filing_due, publish_due, published_on, renewal, today, within):
    if status == ContractStatus.SIGNED:
        return ["filing_overdue"] if filing_due and filing_due < today else []
    flags = []
    if end >= today:
        flags.append("in_force")
        if end <= today + datetime.timedelta(days=within) and renewal is None:
            flags.append("expiring")
    elif renewal is None:
        flags.append("expired")
    if published_on is None and publish_due and publish_due < today:
        flags.append("publish_overdue")
    return flags


def contract_statistics(org, today=None):
    """Coverage of employers and workers by contracts in force, for the subtree of ``org``."""
    return contract_breakdown(org, today)[0]


def _rate(part, whole):
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


# --- The congress vote on a contract ----------------------------------------------------------


def resolutions_for(contract):
    """Passed congress resolutions the contract may take its vote from, with the tally."""
    polls = closed_resolutions(employer=contract.employer, org=contract.org)
    taken = set(
        Contract.objects.filter(resolution__in=polls)
        .exclude(pk=contract.pk)
        .values_list("resolution_id", flat=True)
    )
    return [p for p in polls[:50] if resolution_passed(p) and p.pk not in taken]


# --- Joint commitments: district totals -------------------------------------------------------


def commitment_totals(org, *, today=None):
    """Totals of the joint commitments in ``org``'s subtree: active ones and the workers they
    cover, those ending within the reminder window, those past their end date unevaluated, kept
    and broken; and per union directly below ``org`` the same figures (a few grouped queries)."""
    today = today or timezone.localdate()
    window = config.get("workplace.commitment_remind_days", org)
    qs = JointCommitment.objects.in_subtree(org.path)
    active = Q(status=CommitmentStatus.ACTIVE)
    figures = {
        "active": Count("id", filter=active),
        "workers": Sum("workers_covered", filter=active),
        "expiring": Count(
            "id",
            filter=active
            & Q(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=window)),
        ),
        "overdue": Count("id", filter=active & Q(end_date__lt=today)),
        "kept": Count("id", filter=Q(status=CommitmentStatus.KEPT)),
        "broken": Count("id", filter=Q(status=CommitmentStatus.BROKEN)),
    }
    total = {k: v or 0 for k, v in qs.aggregate(**figures).items()}
    children = Org.objects.in_subtree(org.path).filter(depth=org.depth + 1).order_by("path")
    rows = []
    for child in children:
        sub = JointCommitment.objects.in_subtree(child.path).aggregate(**figures)
        row = {k: v or 0 for k, v in sub.items()}
        if any(row.values()):
            rows.append({"org": child, **row})
    return {"total": total, "rows": rows, "window": window}


def contract_steps(c, today):
    """The dated steps of the cycle, with their deadlines and whether they are overdue."""

    def step(label, done_on, due=None, note=""):
        overdue = due is not None and done_on is None and today > due
        late = due is not None and done_on is not None and done_on > due
        return {
            "label": label,
            "done_on": done_on,
            "due": due,
            "overdue": overdue,
            "late": late,
            "note": note,
        }

    notes = c.deadline_notes or {}
    return [
        step(_("集体协商达成一致"), c.consultation.concluded_on if c.consultation else None),
        step(_("职代会审议通过"), c.approved_on if c.status != ContractStatus.REJECTED else None),
        step(_("首席代表签字"), c.signed_on),
        step(_("报送劳动保障行政部门审查"), c.filed_on, c.filing_due, notes.get("filing_due", "")),
        step(_("审查期（无异议即生效）"), c.effective_on, None, notes.get("review_ends", "")),
        step(_("向全体职工公布"), c.published_on, c.publish_due, notes.get("publish_due", "")),
    ]
