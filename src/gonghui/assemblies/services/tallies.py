"""Paper polls: entering the count, checking it, and its confirmation by a second person."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit

from .. import counting
from ..models import (
    PaperTally,
    PollKind,
    PollMethod,
    PollStatus,
)
from ._common import RUN, _require
from .polls import _candidate_keys, _locked, _quorum, _set_election, _set_resolution


@transaction.atomic
def enter_tally(*, actor, poll, counts):
    """Enter the counts of a closed paper poll (replaces an unconfirmed entry)."""
    _require(RUN, poll.org)
    poll = _locked(poll)
    if poll.method != PollMethod.PAPER or poll.status != PollStatus.CLOSED:
        raise ValidationError(_("纸质表决结束投票后才能录入计票结果"))
    if getattr(poll, "tally", None) is not None and poll.tally.confirmed_by_id:
        raise ValidationError(_("计票结果已确认，不能修改"))
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
        raise ValidationError(_("票数须为整数")) from None
    if number < 0:
        raise ValidationError(_("票数不能为负"))
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
        raise ValidationError([_("计票结果不合：{text}").format(text=text) for text in failed])
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
                _("收回表决票 {cast}（含无效 {invalid}）≤ 出席 {present}").format(
                    cast=cast, invalid=counts["invalid"], present=present
                ),
                cast <= present,
            )
        ]
    valid, invalid = counts["valid"], counts["invalid"]
    exact = poll.session.congress.tally_rule == "exact"
    checks = [
        TallyCheck(
            _("收回选票 {cast}（有效 {valid} + 无效 {invalid}）≤ 出席 {present}").format(
                cast=valid + invalid, valid=valid, invalid=invalid, present=present
            ),
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
                _(
                    "{name}：赞成 {yes} + 反对 {no} + 弃权 {abstain} = {total}，应 {sign} 有效票 {valid}"
                ).format(
                    name=names.get(key, key),
                    yes=yes,
                    no=no,
                    abstain=abstain,
                    total=total,
                    sign=sign,
                    valid=valid,
                ),
                ok,
            )
        )
    votes_for = sum(row[0] for row in counts["candidates"].values())
    checks.append(
        TallyCheck(
            _("赞成票合计 {votes} ≤ 有效票 {valid} × 应选 {seats} = {most}").format(
                votes=votes_for, valid=valid, seats=poll.seats, most=valid * poll.seats
            ),
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
        raise ValidationError(_("没有待确认的计票结果"))
    if tally.entered_by_id == actor.pk:
        raise PermissionDenied(_("录入人不能确认自己录入的计票结果"))
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
