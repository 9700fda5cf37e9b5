"""The rule numbers of honours (settings) and the quota arithmetic.

Quotas are checked on the round's active nominations: front-line workers must make up at least
``min_frontline_pct`` of the individual nominees, enterprise heads at most ``max_heads_pct``. The
percentages are copied from the settings onto the round when it is created, so a later change of
the setting does not move the goalposts of a round under way.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from gonghui.core import config

config.define(
    "honours.frontline_min_pct",
    Decimal("35"),
    "一线职工占比下限（%）",
    "五一劳动奖章等个人奖项推荐对象中一线职工所占比例的下限",
)
config.define(
    "honours.heads_max_pct",
    Decimal("20"),
    "企业负责人占比上限（%）",
    "个人奖项推荐对象中企业负责人所占比例的上限",
)
config.define(
    "honours.notice_working_days",
    5,
    "评先评优公示期（工作日）",
    "公示期按工作日计算，节假日和调休按国家安排",
)
config.define(
    "honours.objections_per_hour",
    5,
    "公示异议每小时提交上限（每个地址）",
    "同一网络地址每小时最多可提交的异议条数，防止滥用",
)


def percent_text(value):
    """31 → "31%", 35.71… → "35.7%"."""
    if value == value.to_integral_value():
        return f"{int(value)}%"
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class QuotaLine:
    label: str
    count: int
    total: int
    limit: Decimal
    is_minimum: bool
    ok: bool

    @property
    def pct(self):
        if not self.total:
            return Decimal(0)
        return Decimal(self.count) * 100 / Decimal(self.total)

    @property
    def text(self):
        sign = "≥" if self.is_minimum else "≤"
        mark = "✔" if self.ok else "✘"
        return _("%(label)s %(pct)s（要求 %(sign)s %(limit)s）%(mark)s") % {
            "label": self.label,
            "pct": percent_text(self.pct),
            "sign": sign,
            "limit": percent_text(Decimal(self.limit)),
            "mark": mark,
        }


def check_share(label, count, total, limit, *, is_minimum):
    """Exact check (no rounding): count/total ≥ limit% (minimum) or ≤ limit% (maximum)."""
    if total == 0:
        ok = True
    elif is_minimum:
        ok = Decimal(count) * 100 >= Decimal(limit) * total
    else:
        ok = Decimal(count) * 100 <= Decimal(limit) * total
    return QuotaLine(label, count, total, Decimal(limit), is_minimum, ok)


@dataclass(frozen=True)
class QuotaPanel:
    total: int
    places: int
    lines: tuple

    @property
    def ok(self):
        return all(line.ok for line in self.lines)

    @property
    def problems(self):
        return [line.text for line in self.lines if not line.ok]


def panel(*, total, frontline, heads, places, min_frontline_pct, max_heads_pct, person_quotas):
    lines = ()
    if person_quotas:
        lines = (
            check_share(_("一线职工"), frontline, total, min_frontline_pct, is_minimum=True),
            check_share(_("企业负责人"), heads, total, max_heads_pct, is_minimum=False),
        )
    return QuotaPanel(total=total, places=places, lines=lines)
