"""Every write of congresses: set-up, delegates, sessions, check-in, proposals, polls, votes.

Votes are special (``cast_vote``): no audit event, no log line, no cache and no session entry
records how anyone voted. In a secret electronic poll the participation row and a *sealed*
ballot are written in one transaction; only at closing, when the scrutineers unlock the poll's
key, are the ballots opened, shuffled and written in the clear (``close_poll``).
"""

import hashlib
import random
import secrets
import time
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.workdays import add_working_days
from gonghui.core.workflow import Transition, Workflow

from . import ballots, conf, counting
from .models import (
    AgendaItem,
    AnonymousBallot,
    Candidate,
    CheckIn,
    Congress,
    Constituency,
    Delegate,
    DelegateStatus,
    Document,
    OpenVote,
    PaperTally,
    Participation,
    Poll,
    PollKind,
    PollMethod,
    PollStatus,
    Proposal,
    ProposalStatus,
    Scrutineer,
    SealedBallot,
    Session,
    SessionStatus,
)

MANAGE = "assemblies.manage_congress"
RUN = "assemblies.run_poll"


def _require(permission, org):
    """The active role holds ``permission`` and ``org`` lies in its scope (else 403)."""
    require_perm(permission)
    # Objects normally arrive through get_scoped_or_404; this guards other callers.
    if not org_in_scope(org):
        raise PermissionDenied


def _fraction(text):
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return Fraction(2, 3)
    return value if 0 < value <= 1 else Fraction(2, 3)


# --- congresses and delegates ------------------------------------------------------------------


@transaction.atomic
def create_congress(
    *,
    actor,
    org,
    kind,
    name,
    term_start,
    seats,
    term_years=5,
    term_number=1,
    employer=None,
    workforce_women_percent=0,
):
    """Set up a congress; its rule numbers are copied from the district settings in force."""
    _require(MANAGE, org)
    if not 3 <= term_years <= 5:
        raise ValidationError({"term_years": "任期为 3 至 5 年"})
    if employer is not None and employer.org_id != org.id:
        raise ValidationError({"employer": "单位须属于本工会"})
    quorum = _fraction(config.get(conf.QUORUM.key, org=org))
    congress = Congress.objects.create(
        org=org,
        employer=employer,
        kind=kind,
        name=name,
        term_start=term_start,
        seats=seats,
        term_years=term_years,
        term_number=term_number,
        workforce_women_percent=workforce_women_percent,
        quorum_num=quorum.numerator,
        quorum_den=quorum.denominator,
        pass_op=_choice(config.get(conf.PASS_OP.key, org=org), ("gt", "ge"), "gt"),
        pass_base=_choice(config.get(conf.PASS_BASE.key, org=org), ("all", "present"), "all"),
        election_base=_choice(config.get(conf.ELECTION_BASE.key, org=org), ("cast", "all"), "cast"),
        election_margin=config.get(conf.ELECTION_MARGIN.key, org=org),
        cosigners_min=config.get(conf.COSIGNERS_MIN.key, org=org),
        blank_ballot=_choice(
            config.get(conf.BLANK_BALLOT.key, org=org), ("valid", "invalid"), "valid"
        ),
        tally_rule=_choice(config.get(conf.TALLY_RULE.key, org=org), ("exact", "at_most"), "exact"),
    )
    audit.record(actor, "assemblies.congress.create", congress, changes=audit.snapshot(congress))
    return congress


def _choice(value, allowed, default):
    return value if value in allowed else default


@transaction.atomic
def add_constituency(*, actor, congress, name, seats=1):
    _require(MANAGE, congress.org)
    if Constituency.objects.filter(congress=congress, name=name).exists():
        raise ValidationError({"name": "该选区已存在"})
    item = Constituency.objects.create(org=congress.org, congress=congress, name=name, seats=seats)
    audit.record(actor, "assemblies.constituency.create", item)
    return item


@transaction.atomic
def add_delegate(
    *,
    actor,
    congress,
    member,
    constituency=None,
    is_manager=False,
    is_frontline=False,
    is_woman=None,
    is_observer=False,
    in_presidium=False,
    elected_on=None,
    election_record="",
    replaces=None,
):
    """Register an elected delegate (or an observer, who has no vote)."""
    _require(MANAGE, congress.org)
    if not member.org.path.startswith(congress.org.path):
        raise ValidationError({"member": "代表须为本工会（含下级）的会员"})
    if Delegate.objects.filter(
        congress=congress, member=member, status=DelegateStatus.ACTIVE
    ).exists():
        raise ValidationError({"member": "该会员已是本届代表"})
    voting = congress.delegates.filter(status=DelegateStatus.ACTIVE, is_observer=False).count()
    if not is_observer and replaces is None and voting >= congress.seats:
        raise ValidationError({"member": f"代表名额已满（{congress.seats} 名）"})
    if constituency is not None and constituency.congress_id != congress.id:
        raise ValidationError({"constituency": "选区不属于本届大会"})
    delegate = Delegate.objects.create(
        org=congress.org,
        congress=congress,
        member=member,
        constituency=constituency,
        is_manager=is_manager,
        is_frontline=is_frontline,
        is_woman=(member.gender == "F") if is_woman is None else is_woman,
        is_observer=is_observer,
        in_presidium=in_presidium,
        elected_on=elected_on,
        election_record=election_record,
        replaces=replaces,
    )
    audit.record(actor, "assemblies.delegate.add", delegate, changes=audit.snapshot(delegate))
    return delegate


@transaction.atomic
def end_delegate(*, actor, delegate, status, reason, on_date=None, successor=None, **flags):
    """Recall a delegate, or replace them with ``successor`` (a member), keeping the history."""
    _require(MANAGE, delegate.org)
    if delegate.status != DelegateStatus.ACTIVE:
        raise ValidationError("该代表已不在任")
    if not reason.strip():
        raise ValidationError({"reason": "请填写原因"})
    if status not in (DelegateStatus.RECALLED, DelegateStatus.REPLACED, DelegateStatus.LEFT):
        raise ValidationError("状态不正确")
    delegate.status = status
    delegate.ended_on = on_date or timezone.localdate()
    delegate.end_reason = reason
    delegate.save()
    audit.record(actor, f"assemblies.delegate.{status}", delegate, extra={"reason": reason})
    if successor is not None:
        return add_delegate(
            actor=actor,
            congress=delegate.congress,
            member=successor,
            constituency=delegate.constituency,
            replaces=delegate,
            elected_on=on_date,
            **flags,
        )
    return delegate


# --- sessions ----------------------------------------------------------------------------------


@transaction.atomic
def create_session(*, actor, congress, title, starts_at, number=1, venue="", agenda=()):
    _require(MANAGE, congress.org)
    session = Session.objects.create(
        org=congress.org,
        congress=congress,
        title=title,
        starts_at=starts_at,
        number=number,
        venue=venue,
    )
    for position, item in enumerate(agenda, start=1):
        AgendaItem.objects.create(session=session, position=position, title=item)
    audit.record(actor, "assemblies.session.create", session)
    return session


@transaction.atomic
def add_agenda_item(*, actor, session, title):
    _require(MANAGE, session.org)
    last = session.agenda.order_by("-position").first()
    item = AgendaItem.objects.create(
        session=session, title=title, position=(last.position + 1) if last else 1
    )
    audit.record(actor, "assemblies.agenda.add", session, extra={"title": title})
    return item


@transaction.atomic
def add_document(*, actor, session, title, body="", file=None, release=False):
    _require(MANAGE, session.org)
    document = Document.objects.create(
        session=session,
        title=title,
        body=body,
        file=file or "",
        released_at=timezone.now() if release else None,
    )
    audit.record(actor, "assemblies.document.add", session, extra={"title": title})
    return document


@transaction.atomic
def release_document(*, actor, document, at=None):
    """Send a document to the delegates (its release time decides "≥ 7 days before")."""
    _require(MANAGE, document.session.org)
    if document.released_at is not None:
        raise ValidationError("文件已发给代表")
    document.released_at = at or timezone.now()
    document.save(update_fields=["released_at"])
    audit.record(
        actor, "assemblies.document.release", document.session, extra={"title": document.title}
    )
    return document


@transaction.atomic
def open_session(*, actor, session):
    _require(MANAGE, session.org)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError("会议已开始或已结束")
    session.status = SessionStatus.OPEN
    session.save(update_fields=["status"])
    audit.record(actor, "assemblies.session.open", session)
    return session


@transaction.atomic
def close_session(*, actor, session, minutes="", closed_on=None):
    """Close the session; the report to the upper union falls due in N working days."""
    _require(MANAGE, session.org)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭会")
    if session.polls.filter(status=PollStatus.OPEN).exists():
        raise ValidationError("还有正在进行的表决")
    session.status = SessionStatus.CLOSED
    session.closed_on = closed_on or timezone.localdate()
    session.minutes = minutes or session.minutes
    days = config.get(conf.REPORT_WORKDAYS.key, org=session.org)
    session.report_due = add_working_days(session.closed_on, days)
    session.save()
    audit.record(
        actor, "assemblies.session.close", session, extra={"report_due": str(session.report_due)}
    )
    return session


@transaction.atomic
def save_minutes(*, actor, session, minutes):
    _require(MANAGE, session.org)
    session.minutes = minutes
    session.save(update_fields=["minutes"])
    audit.record(actor, "assemblies.session.minutes", session)
    return session


@transaction.atomic
def record_report(*, actor, session, reported_on=None):
    _require(MANAGE, session.org)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError("闭会后才能报送")
    session.reported_on = reported_on or timezone.localdate()
    session.save(update_fields=["reported_on"])
    audit.record(
        actor, "assemblies.session.report", session, extra={"reported_on": str(session.reported_on)}
    )
    return session


def _check_in(session, delegate, *, by_qr, recorded_by):
    if session.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭会")
    if delegate.congress_id != session.congress_id or delegate.status != DelegateStatus.ACTIVE:
        raise ValidationError("不是本次会议的在任代表")
    existing = CheckIn.objects.filter(session=session, delegate=delegate).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                session=session, delegate=delegate, by_qr=by_qr, recorded_by=recorded_by
            ), True
    except IntegrityError:
        return CheckIn.objects.get(session=session, delegate=delegate), False


@transaction.atomic
def check_in_delegate(*, actor, session, delegate):
    """Staff check a delegate in on their behalf (idempotent): its own audited act, recorded as
    not by QR and shown on the console as 代签 with the staff member's name."""
    _require(MANAGE, session.org)
    checkin, created = _check_in(session, delegate, by_qr=False, recorded_by=actor)
    if created:
        audit.record(actor, "assemblies.checkin.staff", session, extra={"delegate": delegate.pk})
    return checkin


def _checkin_window(session, at=None):
    seconds = max(5, int(config.get(conf.CHECKIN_QR_SECONDS.key, org=session.org)))
    return int((time.time() if at is None else at) // seconds)


def _checkin_mac(session, window):
    message = f"{session.checkin_token}:{window}"
    return salted_hmac("gonghui.assemblies.checkin", message, algorithm="sha256").hexdigest()[:20]


def checkin_code(session, *, at=None):
    """The check-in code the session's QR shows now: the session's token and a MAC of the
    current time window, so a code stops working a window or two after it was shown."""
    return f"{session.checkin_token}.{_checkin_mac(session, _checkin_window(session, at))}"


def checkin_code_valid(session, code, *, at=None):
    """True for the code of the current or the previous time window of this session."""
    token, _dot, mac = (code or "").strip().rpartition(".")
    if not token or not constant_time_compare(token, session.checkin_token):
        return False
    window = _checkin_window(session, at)
    return any(constant_time_compare(mac, _checkin_mac(session, w)) for w in (window, window - 1))


@transaction.atomic
def check_in_self(*, actor, session, delegate, code):
    """A delegate checks in on their phone with the code of the session's QR, which changes
    every few seconds (``checkin_code``): being in the hall is what a check-in asserts."""
    if delegate.member.user_id != actor.pk:
        raise PermissionDenied
    if not checkin_code_valid(session, code):
        raise ValidationError("签到二维码已过期或不正确：请扫描会场屏幕上正在显示的二维码")
    checkin, _created = _check_in(session, delegate, by_qr=True, recorded_by=actor)
    return checkin


# --- proposals (提案) --------------------------------------------------------------------------


def _is_proposer(proposal, actor):
    if proposal.delegate.member.user_id != actor.pk:
        return "只有提案人可以评价办理结果"
    return None


PROPOSAL_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "accept",
            (ProposalStatus.SUBMITTED,),
            ProposalStatus.ACCEPTED,
            "assemblies.handle_proposal",
            "立案",
        ),
        Transition(
            "merge",
            (ProposalStatus.SUBMITTED,),
            ProposalStatus.MERGED,
            "assemblies.handle_proposal",
            "并案",
        ),
        Transition(
            "return",
            (ProposalStatus.SUBMITTED,),
            ProposalStatus.RETURNED,
            "assemblies.handle_proposal",
            "不予立案",
            needs_reason=True,
        ),
        Transition(
            "assign",
            (ProposalStatus.ACCEPTED,),
            ProposalStatus.ASSIGNED,
            "assemblies.handle_proposal",
            "交办",
        ),
        Transition(
            "answer",
            (ProposalStatus.ASSIGNED,),
            ProposalStatus.ANSWERED,
            "assemblies.handle_proposal",
            "书面答复",
        ),
        Transition(
            "rate",
            (ProposalStatus.ANSWERED,),
            ProposalStatus.CLOSED,
            "assemblies.act_as_delegate",
            "评价办理结果",
            guard=_is_proposer,
        ),
    ],
)


@transaction.atomic
def submit_proposal(*, actor, delegate, title, body, cosigners, session=None):
    """A delegate submits a proposal with co-signers (at least the congress's minimum)."""
    congress = delegate.congress
    # The delegate themself, or staff entering a paper proposal on their behalf.
    if delegate.member.user_id != actor.pk:
        _require(MANAGE, congress.org)
    if delegate.status != DelegateStatus.ACTIVE:
        raise ValidationError("只有在任代表可以提出提案")
    cosigners = [c for c in cosigners if c.pk != delegate.pk]
    if any(c.congress_id != congress.id or c.status != DelegateStatus.ACTIVE for c in cosigners):
        raise ValidationError({"cosigners": "附议人须为本届在任代表"})
    if len({c.pk for c in cosigners}) < congress.cosigners_min:
        raise ValidationError(
            {
                "cosigners": f"至少需要 {congress.cosigners_min} 名代表附议"
                f"（提案附议人最少人数 = {congress.cosigners_min}）"
            }
        )
    proposal = Proposal.objects.create(
        org=congress.org,
        congress=congress,
        session=session,
        delegate=delegate,
        title=title,
        body=body,
    )
    proposal.cosigners.set(cosigners)
    audit.record(actor, "assemblies.proposal.submit", proposal)
    return proposal


@transaction.atomic
def handle_proposal(
    *,
    actor,
    proposal,
    action,
    reason="",
    department="",
    answer="",
    merged_into=None,
    satisfaction="",
):
    """Move a proposal along its workflow: accept, merge, return, assign, answer, rate."""
    if not org_in_scope(proposal.org):
        raise PermissionDenied
    if action == "merge":
        if (
            merged_into is None
            or merged_into.pk == proposal.pk
            or merged_into.congress_id != proposal.congress_id
        ):
            raise ValidationError({"merged_into": "请选择本届大会的另一件提案"})
        proposal.merged_into = merged_into
    elif action == "assign":
        if not department.strip():
            raise ValidationError({"department": "请填写承办部门"})
        proposal.department = department.strip()
    elif action == "answer":
        if not answer.strip():
            raise ValidationError({"answer": "请填写书面答复"})
        proposal.answer = answer.strip()
        proposal.answered_at = timezone.now()
    elif action == "rate":
        if satisfaction not in ("satisfied", "basic", "unsatisfied"):
            raise ValidationError({"satisfaction": "请选择满意度"})
        proposal.satisfaction = satisfaction
    PROPOSAL_WORKFLOW.apply(proposal, action, actor=actor, reason=reason)
    audit.record(actor, f"assemblies.proposal.{action}", proposal, extra={"reason": reason})
    return proposal


# --- polls -------------------------------------------------------------------------------------


def _stroke_sorted(names):
    try:
        from gonghui.core.text.strokes import sort_by_surname_strokes
    except ImportError:  # pragma: no cover - the stroke table ships with core
        return sorted(names, key=lambda item: item[0])
    return sort_by_surname_strokes(names, key=lambda item: item[0])


@transaction.atomic
def create_poll(
    *,
    actor,
    session,
    kind,
    title,
    is_secret=True,
    method=PollMethod.ELECTRONIC,
    seats=0,
    candidates=(),
    agenda_item=None,
    allow_write_in=False,
    runoff_of=None,
):
    """A resolution item or an election. Candidates ``[(name, member or None)]`` are put in
    surname stroke order; an election (not a runoff) must keep the congress's margin (差额)."""
    _require(RUN, session.org)
    congress = session.congress
    if session.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭会")
    candidates = list(candidates)
    if kind == PollKind.ELECTION:
        if seats < 1:
            raise ValidationError({"seats": "请填写应选名额"})
        if len({name for name, _m in candidates}) != len(candidates):
            raise ValidationError({"candidates": "候选人姓名重复"})
        if runoff_of is None:
            problem = counting.check_margin(len(candidates), seats, congress.election_margin)
            if problem:
                raise ValidationError(
                    {"candidates": f"{problem}（差额 = {congress.election_margin}）"}
                )
    else:
        seats, candidates, allow_write_in = 0, [], False
    poll = Poll.objects.create(
        org=congress.org,
        session=session,
        kind=kind,
        title=title,
        is_secret=is_secret,
        method=method,
        seats=seats,
        allow_write_in=allow_write_in,
        agenda_item=agenda_item,
        runoff_of=runoff_of,
    )
    for position, (name, member) in enumerate(_stroke_sorted(candidates), start=1):
        Candidate.objects.create(poll=poll, name=name, member=member, position=position)
    audit.record(actor, "assemblies.poll.create", poll, changes=audit.snapshot(poll))
    return poll


def _locked(poll):
    return Poll.objects.select_for_update().get(pk=poll.pk)


@transaction.atomic
def open_poll(*, actor, poll, chief=None, members=()):
    """Open voting (audited: who opened it, when, and who holds the key).

    A secret electronic poll needs its scrutineers: ``chief`` = (name, passphrase) of the
    总监票人 and ``members`` = [(name, passphrase), ...] of at least one 监票人, each typing their
    own passphrase. A fresh key pair is made; the public key is stored on the poll and the
    private key only as two halves wrapped by those passphrases (``ballots``); it is never stored.
    """
    _require(RUN, poll.org)
    poll = _locked(poll)
    if poll.status != PollStatus.DRAFT:
        raise ValidationError("该表决已开始或已结束")
    if poll.session.status != SessionStatus.OPEN:
        raise ValidationError("会议开始后才能开始表决")
    names = []
    if poll.is_sealed:
        names = _hand_out_key(poll, chief, list(members))
    poll.status = PollStatus.OPEN
    poll.opened_at = timezone.now()
    poll.opened_by = actor
    poll.save()
    audit.record(actor, "assemblies.poll.open", poll, extra={"scrutineers": "、".join(names)})
    return poll


def _hand_out_key(poll, chief, members):
    """Make the poll's key pair and give its halves to the scrutineers; return their names."""
    people = [(chief, True)] + [(m, False) for m in members if m and (m[0] or m[1])]
    if chief is None or not [p for p, is_chief in people if not is_chief]:
        raise ValidationError("无记名电子表决须由总监票人和至少一名监票人设置开票口令")
    for (name, passphrase), _is_chief in people:
        if not name.strip():
            raise ValidationError("请填写总监票人和监票人的姓名")
        if len(passphrase) < ballots.PASSPHRASE_MIN:
            raise ValidationError(f"开票口令至少 {ballots.PASSPHRASE_MIN} 个字符（{name.strip()}）")
    if any(m[1] == chief[1] for m in members):
        raise ValidationError("监票人的口令不能与总监票人的相同")
    if len({name.strip() for (name, _p), _c in people}) != len(people):
        raise ValidationError("总监票人和监票人须为不同的人")
    public, private = ballots.new_key_pair()
    chief_half, member_half = ballots.split_key(private)
    del private
    for (name, passphrase), is_chief in people:
        salt, wrapped = ballots.wrap_share(chief_half if is_chief else member_half, passphrase)
        Scrutineer.objects.create(
            poll=poll, name=name.strip(), is_chief=is_chief, salt=salt, wrapped_share=wrapped
        )
    poll.public_key = public
    return [f"{name.strip()}（{'总监票人' if c else '监票人'}）" for (name, _p), c in people]


def voting_delegates(congress):
    return congress.delegates.filter(status=DelegateStatus.ACTIVE, is_observer=False)


def present_count(session):
    return CheckIn.objects.filter(
        session=session, delegate__status=DelegateStatus.ACTIVE, delegate__is_observer=False
    ).count()


@transaction.atomic
def close_poll(*, actor, poll, chief_passphrase="", member_passphrase=""):
    """Close voting (audited). Electronic polls are counted now; paper polls once their tally
    is confirmed by a second person.

    A sealed poll is unlocked by the 总监票人's passphrase and any one 监票人's: its sealed
    ballots are opened, shuffled and written as plain ballots, then deleted, and the wrapped key
    halves are wiped, all in this one transaction. A wrong passphrase changes nothing.
    """
    _require(RUN, poll.org)
    poll = _locked(poll)
    if poll.status != PollStatus.OPEN:
        raise ValidationError("该表决不在进行中")
    extra = {}
    if poll.is_sealed:
        extra["unlocked_by"] = _open_sealed_ballots(poll, chief_passphrase, member_passphrase)
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.closed_by = actor
    poll.total = voting_delegates(poll.session.congress).count()
    poll.present = present_count(poll.session)
    if poll.method == PollMethod.ELECTRONIC:
        _count_ballots(poll)
    poll.save()
    audit.record(
        actor,
        "assemblies.poll.close",
        poll,
        extra={"present": poll.present, "total": poll.total, **extra},
    )
    return poll


def _open_sealed_ballots(poll, chief_passphrase, member_passphrase):
    """Unlock the poll's key, open every sealed ballot, write them shuffled as plain ballots."""
    private, names = _unlock(poll, chief_passphrase, member_passphrase)
    rows = []
    for sealed in poll.sealed_ballots.all():
        opened = ballots.unseal(private, sealed.sealed)
        rows.append(AnonymousBallot(poll=poll, choices=opened["c"], receipt_hash=opened["r"]))
    # Fresh random ids in a random order: nothing carries over from the sealed rows.
    random.SystemRandom().shuffle(rows)
    AnonymousBallot.objects.bulk_create(rows)
    poll.sealed_ballots.all().delete()
    poll.scrutineers.update(salt=b"", wrapped_share=b"")
    return names


def _unlock(poll, chief_passphrase, member_passphrase):
    scrutineers = list(poll.scrutineers.all())
    chief = next(s for s in scrutineers if s.is_chief)
    try:
        chief_half = ballots.unwrap_share(chief.salt, chief.wrapped_share, chief_passphrase)
    except ballots.WrongPassphrase:
        raise ValidationError({"chief_passphrase": "总监票人口令不正确"}) from None
    for member in (s for s in scrutineers if not s.is_chief):
        try:
            member_half = ballots.unwrap_share(member.salt, member.wrapped_share, member_passphrase)
            private = ballots.join_key(chief_half, member_half, poll.public_key)
        except ballots.WrongPassphrase:
            continue
        return private, f"{chief.name}（总监票人）、{member.name}（监票人）"
    raise ValidationError({"member_passphrase": "监票人口令不正确"})


def _count_ballots(poll):
    choices = list(poll.ballots.values_list("choices", flat=True))
    if poll.kind == PollKind.RESOLUTION:
        counts = {m: sum(1 for c in choices if c.get("vote") == m) for m in counting.MARKS}
        _set_resolution(
            poll, counts[counting.FOR], counts[counting.AGAINST], counts[counting.ABSTAIN]
        )
    else:
        ballots = [
            counting.Ballot(
                c.get("marks", {}), tuple(c.get("write_ins", ())), bool(c.get("blank", False))
            )
            for c in choices
        ]
        result = counting.election(
            candidates=_candidate_keys(poll),
            seats=poll.seats,
            ballots=ballots,
            rule=poll.session.congress.rule,
            delegates=poll.total,
            quorum=_quorum(poll),
        )
        _set_election(poll, result)


def _quorum(poll):
    return counting.quorum(poll.present, poll.total, poll.session.congress.rule.quorum)


def _candidate_keys(poll):
    return [(str(c.pk), c.name) for c in poll.candidates.all()]


def _set_resolution(poll, yes, no, abstain, invalid=0):
    """Fix a resolution's result; without quorum it has none (``passed`` false, said so)."""
    outcome = counting.resolution(
        total=poll.total,
        present=poll.present,
        yes=yes,
        no=no,
        abstain=abstain,
        invalid=invalid,
        rule=poll.session.congress.rule,
    )
    poll.result = {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "invalid": invalid,
        "valid": yes + no + abstain,
        "cast": yes + no + abstain + invalid,
        "passed": outcome.passed,
        "quorum": outcome.quorum.met,
        "quorum_text": outcome.quorum.text,
    }
    poll.result_text = f"{outcome.text}。依据：{poll.session.congress.rule_text()}"


def _set_election(poll, result):
    """Fix an election's result; without quorum the figures stay but nobody is elected."""
    poll.result = {
        "ballots_cast": result.ballots_cast,
        "valid": result.valid,
        "invalid": result.invalid,
        "blank": result.blank,
        "threshold": str(result.threshold),
        "runoff_seats": result.runoff_seats,
        "unfilled": result.unfilled,
        "quorum": result.quorum.met,
        "quorum_text": result.quorum.text,
        "rows": [
            {
                "key": r.key,
                "name": r.name,
                "for": r.votes_for,
                "against": r.votes_against,
                "abstain": r.votes_abstain,
                "elected": r.elected,
                "runoff": r.in_runoff,
                "write_in": r.write_in,
            }
            for r in result.rows
        ],
    }
    poll.result_text = f"{result.text}。依据：{poll.session.congress.rule_text()}"


def _receipt():
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def receipt_hash(poll_id, code):
    code = code.strip().upper().replace(" ", "")
    return hashlib.sha256(f"gonghui-ballot:{poll_id}:{code}".encode()).hexdigest()


def _normalise_choices(poll, choices):
    if poll.kind == PollKind.RESOLUTION:
        vote = choices.get("vote")
        if vote not in counting.MARKS:
            raise ValidationError("请选择赞成、反对或弃权")
        return {"vote": vote}
    marks = {}
    given = choices.get("marks", {})
    if choices.get("blank"):
        if any(m != counting.ABSTAIN for m in given.values() if m) or any(
            w and w.strip() for w in choices.get("write_ins", [])
        ):
            raise ValidationError("空白票不能同时标记候选人或另选他人")
        keys = [key for key, _name in _candidate_keys(poll)]
        return {"marks": dict.fromkeys(keys, counting.ABSTAIN), "write_ins": [], "blank": True}
    for key, _name in _candidate_keys(poll):
        mark = given.get(key) or counting.ABSTAIN
        if mark not in counting.MARKS:
            raise ValidationError("选票标记不正确")
        marks[key] = mark
    write_ins = [w.strip() for w in choices.get("write_ins", []) if w and w.strip()]
    if any(len(w) > ballots.WRITE_IN_MAX for w in write_ins):
        raise ValidationError(f"另选人姓名不能超过 {ballots.WRITE_IN_MAX} 个字")
    if write_ins and not poll.allow_write_in:
        raise ValidationError("本次选举不允许另选他人")
    ballot = counting.Ballot(marks, tuple(write_ins))
    if not counting.ballot_is_valid(ballot, poll.seats, poll.session.congress.rule):
        raise ValidationError(f"赞成票不能多于应选名额 {poll.seats} 名，否则为无效票")
    return {"marks": marks, "write_ins": write_ins}


def cast_vote(*, actor, poll, delegate, choices):
    """Record one vote and return the receipt code (shown once, stored only as a hash).

    Effects, in one transaction: a ``Participation`` (poll, delegate; unique, so a second vote
    fails at the database) and the ballot. In a secret electronic poll the ballot is a
    ``SealedBallot``: choices and receipt hash sealed with the poll's public key, padded to the
    poll's one length, under a random id; it is opened only at closing. In an open (记名) poll
    the ballot is plain, beside an ``OpenVote``. No audit event: the audit log never shows who
    voted how.
    """
    if delegate.member.user_id != actor.pk:
        raise PermissionDenied
    if not delegate.can_vote:
        raise ValidationError("列席代表或非在任代表没有表决权")
    code = _receipt()
    try:
        with transaction.atomic():
            poll = _locked(poll)
            if poll.status != PollStatus.OPEN or poll.method != PollMethod.ELECTRONIC:
                raise ValidationError("该表决现在不接受电子投票")
            if delegate.congress_id != poll.session.congress_id:
                raise PermissionDenied
            if not CheckIn.objects.filter(session=poll.session, delegate=delegate).exists():
                raise ValidationError("请先签到再投票")
            normalised = _normalise_choices(poll, choices)
            Participation.objects.create(poll=poll, delegate=delegate)
            digest = receipt_hash(poll.pk, code)
            if poll.is_sealed:
                SealedBallot.objects.create(poll=poll, sealed=_seal(poll, normalised, digest))
            else:
                AnonymousBallot.objects.create(poll=poll, choices=normalised, receipt_hash=digest)
                OpenVote.objects.create(poll=poll, delegate=delegate, choices=normalised)
    except IntegrityError:
        raise ValidationError("您已经投过票，每位代表只能投一次") from None
    return code


def _seal(poll, choices, digest):
    size = ballots.padded_size(
        candidates=poll.candidates.count(), seats=poll.seats, write_ins=poll.allow_write_in
    )
    return ballots.seal(poll.public_key, {"c": choices, "r": digest}, size)


def receipt_counted(poll, code):
    """True if a ballot with this receipt code was counted (only after the poll closed)."""
    if poll.status != PollStatus.CLOSED or not code.strip():
        return False
    return poll.ballots.filter(receipt_hash=receipt_hash(poll.pk, code)).exists()


# --- paper tallies: entered by one person, confirmed by another --------------------------------


@transaction.atomic
def enter_tally(*, actor, poll, counts):
    """Enter the counts of a closed paper poll (replaces an unconfirmed entry)."""
    _require(RUN, poll.org)
    poll = _locked(poll)
    if poll.method != PollMethod.PAPER or poll.status != PollStatus.CLOSED:
        raise ValidationError("纸质表决结束投票后才能录入计票结果")
    if getattr(poll, "tally", None) is not None and poll.tally.confirmed_by_id:
        raise ValidationError("计票结果已确认，不能修改")
    counts = _validate_counts(poll, counts)
    PaperTally.objects.update_or_create(
        poll=poll,
        defaults={
            "counts": counts,
            "entered_by": actor,
            "entered_at": timezone.now(),
            "confirmed_by": None,
            "confirmed_at": None,
        },
    )
    audit.record(actor, "assemblies.tally.enter", poll, extra={"counts": counts})
    return poll


def _number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError("票数须为整数") from None
    if number < 0:
        raise ValidationError("票数不能为负")
    return number


def _validate_counts(poll, counts):
    """The counts as numbers, refused unless they add up (``tally_checks`` names each check)."""
    if poll.kind == PollKind.RESOLUTION:
        result = {k: _number(counts.get(k, 0)) for k in ("yes", "no", "abstain", "invalid")}
    else:
        result = {
            "valid": _number(counts.get("valid")),
            "invalid": _number(counts.get("invalid", 0)),
            "candidates": {
                key: [_number(v) for v in _marks_row(counts.get("candidates", {}).get(key))]
                for key, _name in _candidate_keys(poll)
            },
        }
    failed = [check.text for check in tally_checks(poll, result) if not check.ok]
    if failed:
        raise ValidationError([f"计票结果不合：{text}" for text in failed])
    return result


MARKS = ("for", "against", "abstain")


def _marks_row(row):
    """[for, against, abstain] from a form's dict or a stored list (missing numbers are 0)."""
    if isinstance(row, list | tuple):
        return list(row) + [0] * (3 - len(row))
    return [(row or {}).get(k, 0) for k in MARKS]


@dataclass(frozen=True)
class TallyCheck:
    text: str
    ok: bool


def tally_checks(poll, counts):
    """Each arithmetic check of a paper tally with its figures, as the confirming person sees
    them: ballots cast ≤ present; per candidate for + against + abstain = valid ballots (or ≤,
    by the congress's rule); all "for" votes ≤ valid ballots × seats."""
    present = poll.present or 0
    if poll.kind == PollKind.RESOLUTION:
        cast = sum(counts[k] for k in ("yes", "no", "abstain", "invalid"))
        return [
            TallyCheck(
                f"收回表决票 {cast}（含无效 {counts['invalid']}）≤ 出席 {present}", cast <= present
            )
        ]
    valid, invalid = counts["valid"], counts["invalid"]
    exact = poll.session.congress.tally_rule == "exact"
    checks = [
        TallyCheck(
            f"收回选票 {valid + invalid}（有效 {valid} + 无效 {invalid}）≤ 出席 {present}",
            valid + invalid <= present,
        )
    ]
    names = dict(_candidate_keys(poll))
    for key, (yes, no, abstain) in counts["candidates"].items():
        total = yes + no + abstain
        ok = total == valid if exact else total <= valid
        sign = "=" if exact else "≤"
        checks.append(
            TallyCheck(
                f"{names.get(key, key)}：赞成 {yes} + 反对 {no} + 弃权 {abstain} = {total}，"
                f"应 {sign} 有效票 {valid}",
                ok,
            )
        )
    votes_for = sum(row[0] for row in counts["candidates"].values())
    checks.append(
        TallyCheck(
            f"赞成票合计 {votes_for} ≤ 有效票 {valid} × 应选 {poll.seats} = {valid * poll.seats}",
            votes_for <= valid * poll.seats,
        )
    )
    return checks


@transaction.atomic
def confirm_tally(*, actor, poll):
    """A second person confirms the paper tally; the result is computed now."""
    _require("assemblies.confirm_tally", poll.org)
    poll = _locked(poll)
    tally = getattr(poll, "tally", None)
    if tally is None or tally.confirmed_by_id:
        raise ValidationError("没有待确认的计票结果")
    if tally.entered_by_id == actor.pk:
        raise PermissionDenied("录入人不能确认自己录入的计票结果")
    counts = _validate_counts(poll, tally.counts)  # the checks hold at confirmation too
    tally.confirmed_by = actor
    tally.confirmed_at = timezone.now()
    tally.save()
    if poll.kind == PollKind.RESOLUTION:
        _set_resolution(poll, counts["yes"], counts["no"], counts["abstain"], counts["invalid"])
    else:
        totals = {k: tuple(v) for k, v in counts["candidates"].items()}
        result = counting.election_from_totals(
            candidates=_candidate_keys(poll),
            seats=poll.seats,
            totals=totals,
            valid=counts["valid"],
            invalid=counts["invalid"],
            rule=poll.session.congress.rule,
            delegates=poll.total,
            quorum=_quorum(poll),
        )
        _set_election(poll, result)
    poll.save()
    audit.record(actor, "assemblies.tally.confirm", poll)
    return poll


@transaction.atomic
def create_runoff(*, actor, poll):
    """A runoff among the candidates tied for the last seat(s)."""
    _require(RUN, poll.org)
    if poll.kind != PollKind.ELECTION or not poll.result.get("runoff_seats"):
        raise ValidationError("该选举没有需要再次投票的名额")
    if poll.runoffs.exists():
        raise ValidationError("已经安排了再次投票")
    tied = {row["key"] for row in poll.result["rows"] if row["runoff"]}
    candidates = [(c.name, c.member) for c in poll.candidates.all() if str(c.pk) in tied]
    return create_poll(
        actor=actor,
        session=poll.session,
        kind=PollKind.ELECTION,
        title=f"{poll.title}（再次投票）",
        is_secret=poll.is_secret,
        method=poll.method,
        seats=poll.result["runoff_seats"],
        candidates=candidates,
        agenda_item=poll.agenda_item,
        runoff_of=poll,
    )
