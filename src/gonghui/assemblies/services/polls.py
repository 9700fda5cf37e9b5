"""Writes of polls: creation, opening, secret ballots, counting, runoffs (paper tallies: tallies.py)."""

import hashlib
import random
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit

from .. import ballots, counting
from ..models import (
    AnonymousBallot,
    Candidate,
    CheckIn,
    DelegateStatus,
    OpenVote,
    Participation,
    Poll,
    PollKind,
    PollMethod,
    PollStatus,
    Scrutineer,
    SealedBallot,
    SessionStatus,
)
from ._common import RUN, _require

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
        raise ValidationError(_("会议已闭会"))
    candidates = list(candidates)
    if kind == PollKind.ELECTION:
        if seats < 1:
            raise ValidationError({"seats": _("请填写应选名额")})
        if len({name for name, _m in candidates}) != len(candidates):
            raise ValidationError({"candidates": _("候选人姓名重复")})
        if runoff_of is None:
            problem = counting.check_margin(len(candidates), seats, congress.election_margin)
            if problem:
                raise ValidationError(
                    {
                        "candidates": _("{problem}（差额 = {margin}）").format(
                            problem=problem, margin=congress.election_margin
                        )
                    }
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
        raise ValidationError(_("该表决已开始或已结束"))
    if poll.session.status != SessionStatus.OPEN:
        raise ValidationError(_("会议开始后才能开始表决"))
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
        raise ValidationError(_("无记名电子表决须由总监票人和至少一名监票人设置开票口令"))
    for (name, passphrase), _is_chief in people:
        if not name.strip():
            raise ValidationError(_("请填写总监票人和监票人的姓名"))
        if len(passphrase) < ballots.PASSPHRASE_MIN:
            raise ValidationError(
                _("开票口令至少 {n} 个字符（{name}）").format(
                    n=ballots.PASSPHRASE_MIN, name=name.strip()
                )
            )
    if any(m[1] == chief[1] for m in members):
        raise ValidationError(_("监票人的口令不能与总监票人的相同"))
    if len({name.strip() for (name, _p), _c in people}) != len(people):
        raise ValidationError(_("总监票人和监票人须为不同的人"))
    public, private = ballots.new_key_pair()
    chief_half, member_half = ballots.split_key(private)
    del private
    for (name, passphrase), is_chief in people:
        salt, wrapped = ballots.wrap_share(chief_half if is_chief else member_half, passphrase)
        Scrutineer.objects.create(
            poll=poll, name=name.strip(), is_chief=is_chief, salt=salt, wrapped_share=wrapped
        )
    poll.public_key = public
    return [
        (_("{name}（总监票人）") if c else _("{name}（监票人）")).format(name=name.strip())
        for (name, _p), c in people
    ]


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
        raise ValidationError(_("该表决不在进行中"))
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
        raise ValidationError({"chief_passphrase": _("总监票人口令不正确")}) from None
    for member in (s for s in scrutineers if not s.is_chief):
        try:
            member_half = ballots.unwrap_share(member.salt, member.wrapped_share, member_passphrase)
            private = ballots.join_key(chief_half, member_half, poll.public_key)
        except ballots.WrongPassphrase:
            continue
        return private, _("{chief}（总监票人）、{member}（监票人）").format(
            chief=chief.name, member=member.name
        )
    raise ValidationError({"member_passphrase": _("监票人口令不正确")})


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
    poll.result_text = _("{text}。依据：{rule}").format(
        text=outcome.text, rule=poll.session.congress.rule_text()
    )


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
    poll.result_text = _("{text}。依据：{rule}").format(
        text=result.text, rule=poll.session.congress.rule_text()
    )


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
            raise ValidationError(_("请选择赞成、反对或弃权"))
        return {"vote": vote}
    marks = {}
    given = choices.get("marks", {})
    if choices.get("blank"):
        if any(m != counting.ABSTAIN for m in given.values() if m) or any(
            w and w.strip() for w in choices.get("write_ins", [])
        ):
            raise ValidationError(_("空白票不能同时标记候选人或另选他人"))
        keys = [key for key, _name in _candidate_keys(poll)]
        return {"marks": dict.fromkeys(keys, counting.ABSTAIN), "write_ins": [], "blank": True}
    for key, _name in _candidate_keys(poll):
        mark = given.get(key) or counting.ABSTAIN
        if mark not in counting.MARKS:
            raise ValidationError(_("选票标记不正确"))
        marks[key] = mark
    write_ins = [w.strip() for w in choices.get("write_ins", []) if w and w.strip()]
    if any(len(w) > ballots.WRITE_IN_MAX for w in write_ins):
        raise ValidationError(_("另选人姓名不能超过 {n} 个字").format(n=ballots.WRITE_IN_MAX))
    if write_ins and not poll.allow_write_in:
        raise ValidationError(_("本次选举不允许另选他人"))
    ballot = counting.Ballot(marks, tuple(write_ins))
    if not counting.ballot_is_valid(ballot, poll.seats, poll.session.congress.rule):
        raise ValidationError(
            _("赞成票不能多于应选名额 {seats} 名，否则为无效票").format(seats=poll.seats)
        )
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
        raise ValidationError(_("列席代表或非在任代表没有表决权"))
    code = _receipt()
    try:
        with transaction.atomic():
            poll = _locked(poll)
            if poll.status != PollStatus.OPEN or poll.method != PollMethod.ELECTRONIC:
                raise ValidationError(_("该表决现在不接受电子投票"))
            if delegate.congress_id != poll.session.congress_id:
                raise PermissionDenied
            if not CheckIn.objects.filter(session=poll.session, delegate=delegate).exists():
                raise ValidationError(_("请先签到再投票"))
            normalised = _normalise_choices(poll, choices)
            Participation.objects.create(poll=poll, delegate=delegate)
            digest = receipt_hash(poll.pk, code)
            if poll.is_sealed:
                SealedBallot.objects.create(poll=poll, sealed=_seal(poll, normalised, digest))
            else:
                AnonymousBallot.objects.create(poll=poll, choices=normalised, receipt_hash=digest)
                OpenVote.objects.create(poll=poll, delegate=delegate, choices=normalised)
    except IntegrityError:
        raise ValidationError(_("您已经投过票，每位代表只能投一次")) from None
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
def create_runoff(*, actor, poll):
    """A runoff among the candidates tied for the last seat(s)."""
    _require(RUN, poll.org)
    if poll.kind != PollKind.ELECTION or not poll.result.get("runoff_seats"):
        raise ValidationError(_("该选举没有需要再次投票的名额"))
    if poll.runoffs.exists():
        raise ValidationError(_("已经安排了再次投票"))
    tied = {row["key"] for row in poll.result["rows"] if row["runoff"]}
    candidates = [(c.name, c.member) for c in poll.candidates.all() if str(c.pk) in tied]
    return create_poll(
        actor=actor,
        session=poll.session,
        kind=PollKind.ELECTION,
        title=_("{title}（再次投票）").format(title=poll.title),
        is_secret=poll.is_secret,
        method=poll.method,
        seats=poll.result["runoff_seats"],
        candidates=candidates,
        agenda_item=poll.agenda_item,
        runoff_of=poll,
    )
