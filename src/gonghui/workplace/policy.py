"""The rule numbers of the module (every one a district setting) and the arithmetic they decide.

Day counting: the laws behind these deadlines (《集体合同规定》Art. 42, 47; the 厂务公开 rules) say
"日", calendar days; by 《民法典》Art. 203 a period whose last day is a statutory rest day ends on the
next working day. ``workplace.day_kind`` switches to Chinese working days (调休 included) where a
local rule says so; ``workplace.roll_to_workday`` applies Art. 203 in calendar mode.
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config, workdays


class DayKind(TextChoices):
    CALENDAR = "calendar", gettext_lazy("自然日")
    WORKING = "working", gettext_lazy("工作日")


class PassDenominator(TextChoices):
    """The base of the pass fraction (the settings page shows these labels, not the codes)."""

    ALL = "all", gettext_lazy("全体代表")
    PRESENT = "present", gettext_lazy("出席代表")


DAY_KINDS = dict(DayKind.choices)

config.define(
    "workplace.day_kind",
    "calendar",
    gettext_lazy("厂务公开与集体合同期限的计日方式"),
    gettext_lazy("calendar＝自然日（法律规定的“日”）；working＝工作日（含调休）"),
)
config.define(
    "workplace.roll_to_workday",
    True,
    gettext_lazy("期限末日遇休息日顺延"),
    gettext_lazy(
        "自然日计算时，期限最后一日为法定休假日的，顺延至休假日结束的次日（民法典第二百零三条）"
    ),
)
config.define(
    "workplace.disclosure_post_days",
    3,
    gettext_lazy("厂务公开：决定后应在几日内公开"),
    gettext_lazy("事项决定之日起，应在此期限内张贴/发布"),
)
config.define(
    "workplace.disclosure_min_display_days",
    15,
    gettext_lazy("厂务公开：最短公开天数"),
    gettext_lazy("公开内容保留时间不少于此天数（含首尾两日）"),
)
config.define(
    "workplace.question_answer_days",
    30,
    gettext_lazy("厂务公开：职工询问/异议答复期限（日）"),
    gettext_lazy("工会应在此期限内答复职工的询问或异议"),
)
config.define(
    "workplace.contract_filing_days",
    10,
    gettext_lazy("集体合同：报送审查期限（日）"),
    gettext_lazy("自双方首席代表签字之日起，用人单位在此期限内报送劳动保障行政部门"),
)
config.define(
    "workplace.contract_review_days",
    15,
    gettext_lazy("集体合同：审查期（日）"),
    gettext_lazy("劳动保障行政部门自收到文本之日起在此期限内未提出异议的，集体合同即行生效"),
)
config.define(
    "workplace.contract_publish_days",
    10,
    gettext_lazy("集体合同：生效后公布期限（日）"),
    gettext_lazy("集体合同生效后应在此期限内向全体职工公布"),
)
config.define(
    "workplace.general_min_months",
    12,
    gettext_lazy("集体合同：最短期限（月）"),
    gettext_lazy("综合性、专项及区域性、行业性集体合同"),
)
config.define(
    "workplace.general_max_months",
    36,
    gettext_lazy("集体合同：最长期限（月）"),
    gettext_lazy("集体合同期限为 1～3 年"),
)
config.define(
    "workplace.wage_term_months",
    12,
    gettext_lazy("工资专项集体合同：通常期限（月）"),
    gettext_lazy("工资专项集体合同一般一年一签；偏离此期限时提示"),
)
config.define(
    "workplace.expiry_reminder_days",
    [90, 30],
    gettext_lazy("集体合同到期提醒（到期前天数）"),
    gettext_lazy("到期前这些天数开始在首页提醒续签"),
)
config.define(
    "workplace.quorum",
    "2/3",
    gettext_lazy("职代会表决：法定出席比例"),
    gettext_lazy("出席代表不少于全体代表的此比例，会议方有效"),
)
config.define(
    "workplace.pass_fraction",
    "1/2",
    gettext_lazy("职代会表决：通过比例"),
    gettext_lazy("赞成票须超过（或达到）此比例"),
)
config.define(
    "workplace.pass_strict",
    True,
    gettext_lazy("职代会表决：须“超过”通过比例"),
    gettext_lazy("是＝超过（>）；否＝达到（≥）"),
)
config.define(
    "workplace.pass_denominator",
    "all",
    gettext_lazy("职代会表决：通过比例的基数"),
    gettext_lazy("all＝全体代表；present＝出席代表"),
)


def day_kind(org=None):
    kind = config.get("workplace.day_kind", org)
    return kind if kind in DAY_KINDS else "calendar"


@dataclass(frozen=True)
class Deadline:
    start: datetime.date
    days: int
    due: datetime.date
    kind: str
    rolled: bool

    @property
    def text(self):
        base = _("{start} 起 {days} 个{kind}").format(
            start=f"{self.start:%Y-%m-%d}", days=self.days, kind=DAY_KINDS[self.kind]
        )
        return base + (_("，末日遇休息日顺延") if self.rolled else "")


def deadline(start, days, org=None):
    """The last day of a period of ``days`` days after ``start`` (``start`` not counted)."""
    kind = day_kind(org)
    if kind == "working":
        return Deadline(start, days, workdays.add_working_days(start, days), kind, False)
    due = start + datetime.timedelta(days=days)
    rolled = False
    if config.get("workplace.roll_to_workday", org):
        while not workdays.is_workday(due):
            due += datetime.timedelta(days=1)
            rolled = True
    return Deadline(start, days, due, kind, rolled)


def days_in_window(first, last, org=None):
    """Days of a display window from ``first`` to ``last``, both included, in the day kind."""
    if last < first:
        return 0
    if day_kind(org) == "working":
        return workdays.working_days_between(first - datetime.timedelta(days=1), last)
    return (last - first).days + 1


def add_months(day, months):
    """``day`` plus ``months`` months, clamped to the month's end (2024-02-29 + 12 -> 2025-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def months_between(start, end):
    """Whole months of a term running from ``start`` to ``end`` inclusive (a year = 12)."""
    following = end + datetime.timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    if following.day < start.day:
        months -= 1
    return months


def _fraction(text, fallback):
    try:
        value = Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        return Fraction(fallback)
    return value if 0 < value <= 1 else Fraction(fallback)


def _ceil(value):
    return -((-value.numerator) // value.denominator)


@dataclass(frozen=True)
class Tally:
    total: int
    present: int
    votes_for: int
    votes_against: int
    quorum_needed: int
    quorum_met: bool
    pass_needed: int
    passed: bool
    text: str
    rules: tuple


def tally(total, present, votes_for, votes_against, org=None, at=None):
    """The workers' congress rule applied to a recorded tally, with the arithmetic as text (the
    rule in force at ``at``, by default now).

    Quorum: present ≥ quorum × total. Passing: for > (or ≥) fraction × base, where the base is all
    delegates (default) or those present. Abstentions and spoilt ballots are present − for − against.
    """
    quorum = _fraction(config.get("workplace.quorum", org, at), "2/3")
    share = _fraction(config.get("workplace.pass_fraction", org, at), "1/2")
    strict = config.get("workplace.pass_strict", org, at)
    base_kind = config.get("workplace.pass_denominator", org, at)
    base = present if base_kind == "present" else total
    quorum_needed = _ceil(quorum * total)
    quorum_met = total > 0 and present >= quorum_needed
    threshold = share * base
    # The smallest count of votes that passes: strictly above the threshold, or reaching it.
    pass_needed = (threshold.numerator // threshold.denominator + 1) if strict else _ceil(threshold)
    passed = quorum_met and votes_for >= pass_needed
    base_label = _("出席代表") if base_kind == "present" else _("全体代表")
    word = _("超过") if strict else _("达到")
    quorum_text = _(
        "应到 {total} 人，实到 {present} 人，法定出席比例 {quorum}（须 ≥ {needed} 人）："
    ).format(total=total, present=present, quorum=quorum, needed=quorum_needed) + (
        _("达到") if quorum_met else _("未达到")
    )
    vote_text = _(
        "赞成 {votes_for} 票、反对 {votes_against} 票、弃权或无效 {others} 票；"
        "须{word}{base_label}（{base}）的 {share}，即赞成 ≥ {needed} 票"
    ).format(
        votes_for=votes_for,
        votes_against=votes_against,
        others=max(present - votes_for - votes_against, 0),
        word=word,
        base_label=base_label,
        base=base,
        share=share,
        needed=pass_needed,
    )
    verdict = (
        _("通过") if passed else (_("未达法定人数，表决无效") if not quorum_met else _("未通过"))
    )
    rules = tuple(
        config.describe(k, org, at)
        for k in (
            "workplace.quorum",
            "workplace.pass_fraction",
            "workplace.pass_strict",
            "workplace.pass_denominator",
        )
    )
    return Tally(
        total,
        present,
        votes_for,
        votes_against,
        quorum_needed,
        quorum_met,
        pass_needed,
        passed,
        _("{quorum}；{vote}。结果：{verdict}").format(
            quorum=quorum_text, vote=vote_text, verdict=verdict
        ),
        rules,
    )


def reminder_thresholds(org=None):
    values = config.get("workplace.expiry_reminder_days", org) or [90, 30]
    return sorted({int(v) for v in values}, reverse=True)
