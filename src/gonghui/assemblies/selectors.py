"""Scoped reads: congresses, composition checks, session figures, results, a delegate's own view."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gonghui.core import config

from . import conf, counting
from .models import (
    CheckIn,
    Congress,
    Delegate,
    DelegateStatus,
    Poll,
    PollKind,
    PollStatus,
    Proposal,
    ProposalStatus,
    Session,
)


def congresses():
    return (
        Congress.objects.select_related("org", "employer")
        .annotate(n_delegates=Count("delegates", filter=Q(delegates__status="active")))
        .order_by("-term_start", "id")
    )


def delegates_of(congress, *, include_ended=False):
    qs = congress.delegates.select_related("member", "constituency", "replaces__member")
    if not include_ended:
        qs = qs.filter(status=DelegateStatus.ACTIVE)
    return qs.order_by("constituency__name", "member__name")


@dataclass(frozen=True)
class Check:
    label: str
    value: str
    ok: bool
    setting: str


def _pct(part, whole):
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def composition(congress):
    """Composition checks shown before each session and on the delegate list."""
    rows = list(
        congress.delegates.filter(status=DelegateStatus.ACTIVE, is_observer=False).values_list(
            "is_manager", "is_woman", "is_frontline", "in_presidium"
        )
    )
    total = len(rows)
    managers = sum(1 for r in rows if r[0])
    women = sum(1 for r in rows if r[1])
    presidium = [r for r in rows if r[3]]
    frontline = sum(1 for r in presidium if r[2])
    org = congress.org
    max_mgr = config.get(conf.MANAGERS_MAX.key, org=org)
    min_front = config.get(conf.PRESIDIUM_FRONTLINE_MIN.key, org=org)
    tolerance = config.get(conf.WOMEN_TOLERANCE.key, org=org)
    women_needed = Decimal(congress.workforce_women_percent) - Decimal(tolerance)
    return [
        Check(
            _("代表人数"),
            f"{total} / {congress.seats}",
            total <= congress.seats and total > 0,
            _("代表名额 = {seats}").format(seats=congress.seats),
        ),
        Check(
            _("中层以上管理人员"),
            f"{managers} / {total} = {_pct(managers, total)}% ≤ {max_mgr}%",
            _pct(managers, total) <= max_mgr,
            config.describe(conf.MANAGERS_MAX.key, org=org),
        ),
        Check(
            _("女代表"),
            _("{women} / {total} = {pct}% ≥ 女职工比例 {workforce}% − {tolerance}").format(
                women=women,
                total=total,
                pct=_pct(women, total),
                workforce=congress.workforce_women_percent,
                tolerance=tolerance,
            ),
            _pct(women, total) >= women_needed,
            config.describe(conf.WOMEN_TOLERANCE.key, org=org),
        ),
        Check(
            _("主席团一线职工"),
            f"{frontline} / {len(presidium)} = {_pct(frontline, len(presidium))}% ≥ {min_front}%",
            bool(presidium) and _pct(frontline, len(presidium)) >= min_front,
            config.describe(conf.PRESIDIUM_FRONTLINE_MIN.key, org=org),
        ),
    ]


def sessions_of(congress):
    return congress.sessions.order_by("-starts_at")


@dataclass(frozen=True)
class SessionFigures:
    total: int
    present: int
    quorum: counting.QuorumResult


def session_figures(session):
    congress = session.congress
    total = congress.delegates.filter(status=DelegateStatus.ACTIVE, is_observer=False).count()
    present = CheckIn.objects.filter(
        session=session, delegate__status=DelegateStatus.ACTIVE, delegate__is_observer=False
    ).count()
    q = counting.quorum(present, total, congress.rule.quorum)
    return SessionFigures(total, present, q)


def checkin_list(session):
    """Every voting or observing delegate with their check-in or None (one query each)."""
    checked = {
        c.delegate_id: c
        for c in CheckIn.objects.filter(session=session).select_related("recorded_by")
    }
    delegates = delegates_of(session.congress)
    return [(d, checked.get(d.pk)) for d in delegates]


def documents_status(session):
    days = config.get(conf.DOC_DAYS.key, org=session.org)
    return [(doc, doc.released_in_time(days)) for doc in session.documents.all()], days


def polls_of(session):
    return session.polls.prefetch_related("candidates").select_related("runoff_of").order_by("id")


def current_poll(session):
    """The open poll, else the most recently closed one (for the projector)."""
    polls = session.polls.prefetch_related("candidates")
    return (
        polls.filter(status=PollStatus.OPEN).order_by("-opened_at").first()
        or polls.filter(status=PollStatus.CLOSED).order_by("-closed_at").first()
    )


def results_visible(poll):
    return poll.status == PollStatus.CLOSED and bool(poll.result)


def election_outcome(poll):
    """Elected names across a poll and its runoffs (the final result of an election)."""
    elected = [r["name"] for r in poll.result.get("rows", []) if r["elected"]]
    pending = False
    for runoff in poll.runoffs.all():
        if results_visible(runoff):
            extra = election_outcome(runoff)
            elected += extra[0]
            pending = pending or extra[1]
        else:
            pending = True
    if poll.result.get("runoff_seats") and not poll.runoffs.exists():
        pending = True
    return elected, pending


def proposals_of(congress):
    return (
        Proposal.objects.filter(congress=congress)
        .select_related("delegate__member", "merged_into")
        .prefetch_related("cosigners__member")
        .order_by("id")
    )


def proposal_report(congress):
    """How every proposal was handled: counts by state and satisfaction, for the next session."""
    proposals = list(proposals_of(congress))
    by_status = {}
    for p in proposals:
        by_status[p.get_status_display()] = by_status.get(p.get_status_display(), 0) + 1
    rated = [p for p in proposals if p.satisfaction]
    satisfied = sum(1 for p in rated if p.satisfaction in ("satisfied", "basic"))
    return {
        "proposals": proposals,
        "by_status": by_status,
        "rated": len(rated),
        "satisfied": satisfied,
    }


# --- a delegate's own view: the user's delegacies (reached through the member link) -----------


def delegacies_of(user):
    """The user's active delegacies in the active scope."""
    return Delegate.objects.filter(member__user=user, status=DelegateStatus.ACTIVE).select_related(
        "congress", "member"
    )


def delegate_in(user, congress):
    return delegacies_of(user).filter(congress=congress).first()


def polls_to_vote(user):
    """Open polls of congresses where ``user`` is an active delegate and has not voted yet."""
    return (
        Poll.objects.filter(
            status=PollStatus.OPEN,
            session__congress__delegates__member__user=user,
            session__congress__delegates__status="active",
        )
        .exclude(participations__delegate__member__user=user)
        .select_related("session")
        .distinct()
        .order_by("-opened_at", "-id")
    )


def polls_voted_closed(user):
    """Closed polls ``user`` voted in: the delegate's way back to their results."""
    return (
        Poll.objects.filter(status=PollStatus.CLOSED, participations__delegate__member__user=user)
        .select_related("session")
        .distinct()
        .order_by("-closed_at", "-id")
    )


def sessions_to_check_in(user):
    """Open sessions of the delegate's congresses where they have not checked in yet."""
    from .models import SessionStatus

    return (
        Session.objects.filter(
            congress__delegates__member__user=user,
            congress__delegates__status="active",
            status=SessionStatus.OPEN,
        )
        .exclude(checkins__delegate__member__user=user)
        .distinct()
        .order_by("starts_at", "id")
    )


def sessions_for_delegate(user):
    congress_ids = [d.congress_id for d in delegacies_of(user)]
    return (
        Session.objects.filter(congress_id__in=congress_ids)
        .select_related("congress")
        .order_by("-starts_at")
    )


def open_polls(session):
    return Poll.objects.filter(session=session, status=PollStatus.OPEN).prefetch_related(
        "candidates"
    )


def voted_poll_ids(delegate, session):
    return set(
        delegate.participations.filter(poll__session=session).values_list("poll_id", flat=True)
    )


def upcoming_reports():
    """Closed sessions whose report to the upper union is still outstanding."""
    return (
        Session.objects.filter(status="closed", reported_on__isnull=True)
        .select_related("congress")
        .order_by("report_due")
    )


def closed_resolutions(*, employer=None, org=None):
    """Closed resolution polls of the congresses of ``employer`` (or, without one, of the union
    ``org``), newest first: what a collective contract may take its congress vote from."""
    qs = Poll.objects.filter(kind=PollKind.RESOLUTION, status=PollStatus.CLOSED)
    if employer is not None:
        qs = qs.filter(session__congress__employer=employer)
    else:
        qs = qs.filter(session__congress__org=org, session__congress__employer__isnull=True)
    return qs.select_related("session__congress").order_by("-closed_at", "-id")


def resolution_passed(poll):
    """A resolution poll carries a result, met its quorum and passed."""
    result = poll.result or {}
    return bool(result.get("quorum") and result.get("passed"))


def proposal_awaits_rating(proposal):
    """The proposer rates the handling once the proposal is answered (and before it closes)."""
    return proposal.status == ProposalStatus.ANSWERED
