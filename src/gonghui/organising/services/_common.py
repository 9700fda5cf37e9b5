"""Shapes shared by the organising services: candidates with their planned positions, reading
an election's result from the assemblies module, setting up a members' meeting there, and the
steps both foundings and term changes take with the upper level (report up, send back)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.assemblies import services as assemblies
from gonghui.assemblies.models import Congress, CongressKind, PollKind, PollMethod, PollStatus
from gonghui.core import audit, notes
from gonghui.members.models import KEEPS_MEMBERSHIP, Member
from gonghui.orgs import services as orgs_services
from gonghui.orgs.models import Position, Term, TermKind

# Positions a candidate may be planned for on the committee.
CANDIDATE_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.MEMBER, Position.ORGANISER)


def clean_candidates(candidates, seats):
    """``[{"name", "position"}]`` checked: names present and unique, positions known, at most one
    chair, at least ``seats`` candidates. Returns the cleaned list."""
    cleaned, seen = [], set()
    for item in candidates:
        name = (item.get("name") or "").strip()
        position = item.get("position") or Position.MEMBER
        if not name:
            raise ValidationError({"candidates": _("候选人姓名不能为空")})
        if name in seen:
            raise ValidationError({"candidates": _("候选人“{name}”重复").format(name=name)})
        if position not in CANDIDATE_POSITIONS:
            raise ValidationError(
                {"candidates": _("候选人“{name}”的拟任职务不正确").format(name=name)}
            )
        seen.add(name)
        cleaned.append({"name": name[:50], "position": str(position)})
    if seats < 1:
        raise ValidationError({"seats": _("委员名额至少 1 名")})
    if len(cleaned) < seats:
        raise ValidationError(
            {
                "candidates": _("候选人（{count} 名）少于委员名额（{seats} 名）").format(
                    count=len(cleaned), seats=seats
                )
            }
        )
    if sum(1 for c in cleaned if c["position"] == Position.CHAIR) > 1:
        raise ValidationError({"candidates": _("拟任主席只能有一名")})
    return cleaned


def open_members_meeting(*, actor, union, title, starts_at, seats, candidates, method, years):
    """Set up the members' meeting in the assemblies module: the union's members' congress (an
    existing one with delegates, else a 会员大会 of all its members), a session and the election
    poll of the committee with ``candidates``. Returns the poll."""
    congress = (
        Congress.objects.filter(org=union, kind=CongressKind.MEMBERS)
        .order_by("-term_start", "-id")
        .first()
    )
    members = list(Member.objects.filter(org=union, status__in=KEEPS_MEMBERSHIP).order_by("id"))
    if congress is None or not assemblies.voting_delegates(congress).exists():
        if not members:
            raise ValidationError(_("该工会还没有会员：请先发展会员（在线入会或名册导入）"))
        congress = assemblies.create_congress(
            actor=actor,
            org=union,
            kind=CongressKind.MEMBERS,
            name=f"{union.name}会员大会",  # i18n: data (a stored record's name)
            term_start=timezone.localdate(),
            seats=len(members),
            term_years=years,
        )
        for member in members:
            assemblies.add_delegate(actor=actor, congress=congress, member=member)
    session = assemblies.create_session(
        actor=actor,
        congress=congress,
        title=title,
        starts_at=starts_at,
        agenda=["选举工会委员会"],  # i18n: data (a stored record's name)
    )
    return assemblies.create_poll(
        actor=actor,
        session=session,
        kind=PollKind.ELECTION,
        title="选举工会委员会委员",  # i18n: data (a stored record's name)
        is_secret=True,
        method=method or PollMethod.PAPER,
        seats=seats,
        candidates=[(c["name"], None) for c in candidates],
    )


def election_result(poll):
    """``(elected names, result text)`` of a finished election (its runoff counted), or a
    ValidationError saying what is still missing."""
    if poll is None:
        raise ValidationError(_("尚未安排选举"))
    if poll.status != PollStatus.CLOSED or not poll.result:
        raise ValidationError(_("选举尚未结束或计票结果尚未确认"))
    if not poll.result.get("quorum"):
        raise ValidationError(
            _("选举未达法定人数，没有结果：{text}").format(text=poll.result.get("quorum_text", ""))
        )
    elected = [row["name"] for row in poll.result["rows"] if row["elected"]]
    text = [poll.result_text]
    if poll.result.get("runoff_seats"):
        runoff = poll.runoffs.order_by("-id").first()
        if runoff is None:
            raise ValidationError(_("有名额需要再次投票：请先在选举页面安排再次投票"))
        more, more_text = election_result(runoff)
        elected += more
        text.append(more_text)
    if not elected:
        raise ValidationError(_("没有候选人当选"))
    return elected, "\n".join(t for t in text if t)


def officials_from(candidates, elected, chair=""):
    """``[(name, position)]`` of the elected, each in the position planned for them; ``chair``
    (one of the elected) takes the chair instead of the planned one."""
    planned = {c["name"]: c["position"] for c in candidates}
    if chair and chair not in elected:
        raise ValidationError({"chair": _("主席须从当选人中产生")})
    result = []
    for name in elected:
        position = planned.get(name, Position.MEMBER)
        if chair:
            position = (
                Position.CHAIR
                if name == chair
                else (Position.MEMBER if position == Position.CHAIR else position)
            )
        result.append((name, position))
    if len(elected) > 1 and not any(p == Position.CHAIR for _n, p in result):
        raise ValidationError({"chair": _("当选人中没有拟任主席：请指定主席")})
    return result


def today():
    return timezone.localdate() if timezone.is_aware(timezone.now()) else datetime.date.today()


def set_up_election(workflow, obj, action, *, actor, **meeting):
    """Move ``obj`` (a founding or term change) on to its election and open the members'
    meeting for it in the assemblies module (``meeting``: what ``open_members_meeting`` takes
    besides the actor); audited as ``action`` with the poll."""
    workflow.apply(obj, "set_up_election", actor=actor)
    obj.poll = open_members_meeting(actor=actor, **meeting)
    obj.save()
    audit.record(actor, action, obj, extra={"poll": obj.poll_id})
    return obj


def document_no(value, message=None):
    """The number (文号) of the upper level's written reply: required, stripped."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({"document_no": message or _("请填写批复文号")})
    return value


def decide_in_writing(workflow, obj, transition, *, actor, fields, number, due_on, message=None):
    """The upper level's written answer on ``obj`` (批复, 同意筹备; ``number`` its 文号, required):
    ``fields`` names where the number, the day and the deciding user go; the deadline becomes
    ``due_on`` and the transition is applied. The caller audits it."""
    number_field, day_field, by_field = fields
    setattr(obj, number_field, document_no(number, message))
    setattr(obj, day_field, today())
    setattr(obj, by_field, actor)
    obj.due_on = due_on
    workflow.apply(obj, transition, actor=actor)
    return obj


# the new term's note: the upper level's approval (``core.notes``: worded when read,
# ``Term.note_text``)
APPROVAL_NOTE = gettext_noop("批复文号：{number}")


def start_term_with(*, actor, org, seats, officials, approval_no, **term):
    """The union's new term (an organiser for one seat, else a committee; ``term``: what
    ``orgs.services.start_term`` takes besides) with ``officials`` ``[(name, position)]`` in it,
    each in their position (the organiser where there is one seat), its note naming the
    approval ``approval_no``. Returns the term."""
    kind = TermKind.ORGANISER if seats == 1 else TermKind.COMMITTEE
    note = notes.compose(
        APPROVAL_NOTE, limit=Term._meta.get_field("note").max_length, number=approval_no
    )
    started = orgs_services.start_term(actor=actor, org=org, kind=kind, note=note, **term)
    for name, position in officials:
        position = "organiser" if kind == TermKind.ORGANISER else position
        orgs_services.add_official(actor=actor, term=started, name=name, position=position)
    return started


def report_up(workflow, obj, transition, action, *, actor, due_on):
    """Send ``obj`` up for the upper level's decision: its answer is due on ``due_on``, the last
    return reason is cleared; the transition is applied and audited as ``action``."""
    obj.due_on = due_on
    obj.return_reason = ""
    workflow.apply(obj, transition, actor=actor)
    audit.record(actor, action, obj)
    return obj


def send_back(workflow, obj, transition, action, *, actor, reason, due_on=None, **reset):
    """Return (or stop) ``obj`` with a reason: the reason is kept on it (300 characters), the
    deadline becomes ``due_on`` and the fields in ``reset`` take their values; the transition is
    applied with the reason and audited as ``action``."""
    obj.return_reason = (reason or "").strip()[:300]
    obj.due_on = due_on
    for field, value in reset.items():
        setattr(obj, field, value)
    workflow.apply(obj, transition, actor=actor, reason=reason or "")
    audit.record(actor, action, obj, extra={"reason": reason})
    return obj
