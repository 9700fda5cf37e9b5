"""The arithmetic of congresses: quorum, passing a resolution, counting a multi-seat election.

Pure functions over plain numbers, so every boundary can be tested without a database. Each
result carries the text that shows its arithmetic, e.g.
"出席 85 / 120 ≥ 2/3 ✔；赞成 68 > 60（全体代表半数）✔ → 通过".
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.text.punctuation import annotated, joined, semicolon

GT = "gt"
GE = "ge"
BASE_ALL = "all"
BASE_PRESENT = "present"
BASE_CAST = "cast"

# What a blank election ballot (every candidate abstain, nobody written in) counts as.
BLANK_VALID = "valid"
BLANK_INVALID = "invalid"

FOR = "for"
AGAINST = "against"
ABSTAIN = "abstain"
MARKS = (FOR, AGAINST, ABSTAIN)

_OP_TEXT = {GT: ">", GE: "≥"}
_BASE_TEXT = {
    BASE_ALL: gettext_lazy("全体代表"),
    BASE_PRESENT: gettext_lazy("出席代表"),
    BASE_CAST: gettext_lazy("收回选票"),
}


@dataclass(frozen=True)
class Rule:
    """The numbers a congress votes by (copied onto the congress from the district settings)."""

    quorum: Fraction = Fraction(2, 3)
    pass_op: str = GT
    pass_base: str = BASE_ALL
    pass_fraction: Fraction = Fraction(1, 2)
    election_op: str = GT
    election_base: str = BASE_CAST
    election_fraction: Fraction = Fraction(1, 2)
    blank: str = BLANK_VALID


def fraction_text(value):
    """2/3 → "2/3", 1/2 → "半数"."""
    value = Fraction(value)
    if value == Fraction(1, 2):
        return _("半数")
    return f"{value.numerator}/{value.denominator}"


def number_text(value):
    """60 → "60", 42.5 → "42.5", 80/3 → "26.67"."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text


def meets(value, op, threshold):
    """``value > threshold`` (GT) or ``value ≥ threshold`` (GE), in exact arithmetic."""
    value, threshold = Fraction(value), Fraction(threshold)
    return value > threshold if op == GT else value >= threshold


def _mark(ok):
    return "✔" if ok else "✘"


@dataclass(frozen=True)
class QuorumResult:
    present: int
    total: int
    required: Fraction
    met: bool
    text: str


def quorum(present, total, fraction=Fraction(2, 3)):
    """Quorum: at least ``fraction`` of all delegates present (≥, as the rules say)."""
    required = Fraction(total) * Fraction(fraction)
    met = total > 0 and present >= required
    text = _("出席 {present} / {total} ≥ {fraction} {mark}").format(
        present=present, total=total, fraction=fraction_text(fraction), mark=_mark(met)
    )
    return QuorumResult(present, total, required, met, text)


@dataclass(frozen=True)
class ResolutionResult:
    quorum: QuorumResult
    yes: int
    no: int
    abstain: int
    threshold: Fraction
    passed: bool
    text: str


def resolution(*, total, present, yes, no=0, abstain=0, invalid=0, rule=Rule()):
    """Outcome of one resolution item: quorum, then yes votes against the pass threshold.

    The threshold is ``pass_fraction`` of all delegates (``pass_base`` "all") or of those present
    ("present"); "gt" needs more than it, "ge" at least it. ``invalid`` (spoilt paper ballots)
    count as cast and as not "yes". Without quorum there is no result at all.
    """
    if min(yes, no, abstain, invalid) < 0 or yes + no + abstain + invalid > present:
        raise ValueError(_("票数不能为负，且合计不能超过出席人数"))
    q = quorum(present, total, rule.quorum)
    base = total if rule.pass_base == BASE_ALL else present
    threshold = Fraction(base) * rule.pass_fraction
    yes_ok = meets(yes, rule.pass_op, threshold)
    passed = q.met and yes_ok
    base_text = f"{_BASE_TEXT[rule.pass_base]}{fraction_text(rule.pass_fraction)}"
    text = _("{quorum}；赞成 {yes} {op} {threshold}（{base}）{mark} → {verdict}").format(
        quorum=q.text,
        yes=yes,
        op=_OP_TEXT[rule.pass_op],
        threshold=number_text(threshold),
        base=base_text,
        mark=_mark(yes_ok),
        verdict=_("通过") if passed else _("未通过"),
    )
    if invalid:
        text = _("收回表决票 {cast} 张，其中无效 {invalid} 张；{text}").format(
            cast=yes + no + abstain + invalid, invalid=invalid, text=text
        )
    if not q.met:
        text = _("{quorum} → 不足法定人数，表决无效，没有结果").format(quorum=q.text)
    return ResolutionResult(q, yes, no, abstain, threshold, passed, text)


# --- elections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    """One election ballot: ``marks`` {candidate id: for/against/abstain}; ``write_ins``: names
    marked "for" that were not on the ballot."""

    marks: dict
    write_ins: tuple = ()
    blank: bool = False

    def for_count(self):
        return sum(1 for mark in self.marks.values() if mark == FOR) + len(self.write_ins)


def ballot_is_valid(ballot, seats, rule=Rule()):
    """A ballot with more "for" marks than seats is invalid; unknown marks are invalid too; a
    blank ballot is valid (every candidate abstain) unless the rule makes it invalid."""
    if any(mark not in MARKS for mark in ballot.marks.values()):
        return False
    if ballot.blank:
        return rule.blank == BLANK_VALID
    return ballot.for_count() <= seats


@dataclass
class CandidateTally:
    key: object
    name: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    over_threshold: bool = False
    elected: bool = False
    in_runoff: bool = False
    write_in: bool = False


@dataclass
class ElectionResult:
    seats: int
    ballots_cast: int
    valid: int
    invalid: int
    threshold: Fraction
    rows: list
    elected: list = field(default_factory=list)
    runoff: list = field(default_factory=list)
    runoff_seats: int = 0
    unfilled: int = 0
    blank: int = 0
    quorum: QuorumResult | None = None
    text: str = ""

    @property
    def void(self):
        """No quorum: the count is shown, but nobody is elected and nothing goes to a runoff."""
        return self.quorum is not None and not self.quorum.met


def check_margin(candidates, seats, margin=1):
    """差额: at least ``margin`` more candidates than seats. Returns an error text or None."""
    if candidates < seats + margin:
        return _(
            "差额选举需要候选人至少比应选名额多 {margin} 人（候选人 {candidates}，应选 {seats}）"
        ).format(margin=margin, candidates=candidates, seats=seats)
    return None


def election(*, candidates, seats, ballots, rule=Rule(), delegates=None, quorum=None):
    """Count a multi-seat election.

    ``candidates``: list of (key, name) in ballot order. Each valid ballot adds its marks. A
    candidate needs votes "for" beyond ``election_fraction`` of the ballots cast (or of all
    delegates, ``election_base`` "all") and, among those, the most votes. If candidates tie for
    the last seat(s), the tied ones go to a runoff for the seats left.
    """
    rows = {key: CandidateTally(key, name) for key, name in candidates}
    valid = invalid = blank = 0
    for ballot in ballots:
        blank += ballot.blank
        if not ballot_is_valid(ballot, seats, rule):
            invalid += 1
            continue
        valid += 1
        if ballot.blank:
            for row in rows.values():
                row.votes_abstain += not row.write_in
            continue
        for key, mark in ballot.marks.items():
            if key not in rows:
                continue
            row = rows[key]
            row.votes_for += mark == FOR
            row.votes_against += mark == AGAINST
            row.votes_abstain += mark == ABSTAIN
        for name in ballot.write_ins:
            wkey = f"write-in:{name}"
            row = rows.setdefault(wkey, CandidateTally(wkey, name, write_in=True))
            row.votes_for += 1
    return _finish(list(rows.values()), seats, valid, invalid, rule, delegates, quorum, blank)


def election_from_totals(
    *,
    candidates,
    seats,
    totals,
    valid,
    invalid,
    write_ins=None,
    rule=Rule(),
    delegates=None,
    quorum=None,
):
    """The same count from paper tallies: ``totals`` {key: (for, against, abstain)}."""
    rows = []
    for key, name in candidates:
        votes_for, against, abstain = totals.get(key, (0, 0, 0))
        rows.append(CandidateTally(key, name, votes_for, against, abstain))
    for name, votes in (write_ins or {}).items():
        rows.append(CandidateTally(f"write-in:{name}", name, votes, write_in=True))
    if any(r.votes_for > valid for r in rows):
        raise ValueError(_("候选人赞成票不能多于有效票"))
    return _finish(rows, seats, valid, invalid, rule, delegates, quorum)


def _finish(ordered, seats, valid, invalid, rule, delegates, quorum=None, blank=0):
    cast = valid + invalid
    base = cast if rule.election_base != BASE_ALL else (delegates or 0)
    threshold = Fraction(base) * rule.election_fraction
    for row in ordered:
        row.over_threshold = meets(row.votes_for, rule.election_op, threshold) and row.votes_for > 0
    result = ElectionResult(seats, cast, valid, invalid, threshold, ordered, blank=blank)
    result.quorum = quorum
    if result.void:
        result.unfilled = seats
    else:
        _assign_seats(result, [r for r in ordered if r.over_threshold])
    result.text = _election_text(result, rule)
    return result


def _assign_seats(result, qualified):
    qualified = sorted(qualified, key=lambda r: -r.votes_for)
    seats = result.seats
    if len(qualified) <= seats:
        for row in qualified:
            row.elected = True
        result.elected = qualified
        result.unfilled = seats - len(qualified)
        return
    boundary = qualified[seats - 1].votes_for
    above = [r for r in qualified if r.votes_for > boundary]
    at = [r for r in qualified if r.votes_for == boundary]
    for row in above:
        row.elected = True
    result.elected = above
    left = seats - len(above)
    if len(at) == left:
        for row in at:
            row.elected = True
        result.elected = above + at
    else:
        for row in at:
            row.in_runoff = True
        result.runoff = at
        result.runoff_seats = left


def _election_text(result, rule):
    op = _OP_TEXT[rule.election_op]
    base = _BASE_TEXT[rule.election_base]
    blank = ""
    if result.blank:
        if rule.blank == BLANK_VALID:
            blank = _("（含空白票 {blank} 张，按规则计为有效票）").format(blank=result.blank)
        else:
            blank = _("（含空白票 {blank} 张，按规则计为无效票）").format(blank=result.blank)
    parts = [
        _(
            "应选 {seats} 名；收回选票 {cast} 张{blank}，有效 {valid} 张，"
            "无效 {invalid} 张（赞成多于应选名额为无效票）"
        ).format(
            seats=result.seats,
            cast=result.ballots_cast,
            blank=blank,
            valid=result.valid,
            invalid=result.invalid,
        ),
        _("当选需赞成票 {op} {threshold}（{base}{fraction}）且得票较多").format(
            op=op,
            threshold=number_text(result.threshold),
            base=base,
            fraction=fraction_text(rule.election_fraction),
        ),
    ]
    sep = semicolon()
    if result.void:
        return _("{quorum} → 不足法定人数，选举无效，无人当选；").format(
            quorum=result.quorum.text
        ) + sep.join(parts)
    if result.elected:
        parts.append(_("当选：") + joined(annotated(r.name, r.votes_for) for r in result.elected))
    if result.runoff:
        names = joined(annotated(r.name, r.votes_for) for r in result.runoff)
        parts.append(
            _("{names} 得票相等，争 {seats} 个名额，需再次投票").format(
                names=names, seats=result.runoff_seats
            )
        )
    if result.unfilled:
        parts.append(_("另有 {unfilled} 个名额无人过半，未选出").format(unfilled=result.unfilled))
    return sep.join(parts)


def fixed_resolution_text(result, *, total, present, rule=Rule()):
    """The text of a resolution's fixed result (``Poll.result``), in the current language: the
    same arithmetic from the stored figures."""
    return resolution(
        total=total,
        present=present,
        yes=result["yes"],
        no=result["no"],
        abstain=result["abstain"],
        invalid=result.get("invalid", 0),
        rule=rule,
    ).text


def fixed_election_text(result, *, seats, total, present, rule=Rule()):
    """The text of an election's fixed result (``Poll.result``: its rows, who was elected, the
    threshold), in the current language; nothing is counted again."""
    rows = [
        CandidateTally(
            r["key"],
            r["name"],
            r["for"],
            r["against"],
            r["abstain"],
            elected=r["elected"],
            in_runoff=r["runoff"],
            write_in=r["write_in"],
        )
        for r in result.get("rows", [])
    ]
    by_votes = sorted(rows, key=lambda r: -r.votes_for)
    fixed = ElectionResult(
        seats,
        result["ballots_cast"],
        result["valid"],
        result["invalid"],
        Fraction(result["threshold"]),
        rows,
        elected=[r for r in by_votes if r.elected],
        runoff=[r for r in by_votes if r.in_runoff],
        runoff_seats=result.get("runoff_seats", 0),
        unfilled=result.get("unfilled", 0),
        blank=result.get("blank", 0),
        quorum=quorum(present, total, rule.quorum),
    )
    return _election_text(fixed, rule)
