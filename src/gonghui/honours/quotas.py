"""The rule numbers of honours (settings) and the quota arithmetic.

Quotas are checked on the round's active nominations: front-line workers must make up at least
``min_frontline_pct`` of the individual nominees, enterprise heads at most ``max_heads_pct``. The
percentages are copied from the settings onto the round when it is created, so a later change of
the setting does not move the goalposts of a round under way.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.text.punctuation import joined

config.define(
    "honours.frontline_min_pct",
    Decimal("35"),
    gettext_lazy("一线职工占比下限（%）"),
    gettext_lazy("五一劳动奖章等个人奖项推荐对象中一线职工所占比例的下限"),
)
config.define(
    "honours.heads_max_pct",
    Decimal("20"),
    gettext_lazy("企业负责人占比上限（%）"),
    gettext_lazy("个人奖项推荐对象中企业负责人所占比例的上限"),
)
config.define(
    "honours.notice_working_days",
    5,
    gettext_lazy("评先评优公示期（工作日）"),
    gettext_lazy("公示期按工作日计算，节假日和调休按国家安排"),
)
config.define(
    "honours.objections_per_hour",
    5,
    gettext_lazy("公示异议每小时提交上限（每个地址）"),
    gettext_lazy("同一网络地址每小时最多可提交的异议条数，防止滥用"),
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


# --- checks at each review stage ---------------------------------------------------------------
#
# A stage (the street's recommendation, the district's approval) passes nominations one at a time
# into a list of at most ``places``. The structure rules are applied to the places, so that an
# approval never has to wait for the next one and the list meets them once it is full:
#   count ≤ places;
#   enterprise heads ≤ ⌊max_heads_pct × places⌋;
#   non-front-line ≤ places − ⌈min_frontline_pct × places⌉ (places kept for front-line workers).


def _floor_pct(pct, places):
    return math.floor(Decimal(pct) * places / 100)


def _ceil_pct(pct, places):
    return math.ceil(Decimal(pct) * places / 100)


@dataclass(frozen=True)
class StageCheck:
    stage: str
    places: int
    count: int
    heads: int
    non_frontline: int
    max_heads: int | None
    max_non_frontline: int | None

    @property
    def problems(self):
        found = []
        if self.count > self.places:
            found.append(
                _("%(stage)s人数 %(count)s 超过名额 %(places)s")
                % {"stage": self.stage, "count": self.count, "places": self.places}
            )
        if self.max_heads is not None and self.heads > self.max_heads:
            found.append(
                _("企业负责人 %(count)s 名，超过 %(places)s 个名额允许的 %(limit)s 名")
                % {"count": self.heads, "places": self.places, "limit": self.max_heads}
            )
        if self.max_non_frontline is not None and self.non_frontline > self.max_non_frontline:
            found.append(
                _(
                    "非一线职工 %(count)s 名，超过 %(places)s 个名额允许的 %(limit)s 名（须为一线职工保留名额）"
                )
                % {
                    "count": self.non_frontline,
                    "places": self.places,
                    "limit": self.max_non_frontline,
                }
            )
        return found

    @property
    def ok(self):
        return not self.problems

    @property
    def text(self):
        parts = [
            _("%(stage)s（含本推荐）%(count)s / %(places)s 名")
            % {"stage": self.stage, "count": self.count, "places": self.places}
        ]
        if self.max_heads is not None:
            parts.append(
                _("企业负责人 %(count)s / %(limit)s")
                % {"count": self.heads, "limit": self.max_heads}
            )
            parts.append(
                _("非一线职工 %(count)s / %(limit)s")
                % {"count": self.non_frontline, "limit": self.max_non_frontline}
            )
        return joined(parts, "comma")


# The stages whose places are checked, as kept in a step's data ("street", "organiser").
STAGE_LABELS = {"street": gettext_lazy("街道推荐"), "organiser": gettext_lazy("评审通过")}
_KEPT = ("places", "count", "heads", "non_frontline", "max_heads", "max_non_frontline")


def check_data(check, stage):
    """A stage's check as the data kept with the decision (``stage`` a key of STAGE_LABELS)."""
    return {"stage": stage, **{name: getattr(check, name) for name in _KEPT}}


def check_from_data(data):
    """The kept check again, its stage named in the current language."""
    stage = STAGE_LABELS.get(data.get("stage"), data.get("stage", ""))
    return StageCheck(str(stage), *(data.get(name) for name in _KEPT))


def stage_check(
    *, stage, places, count, heads, non_frontline, min_frontline_pct, max_heads_pct, person_quotas
):
    """The stage's list of ``count`` nominations checked against its ``places``."""
    if person_quotas:
        max_heads = _floor_pct(max_heads_pct, places)
        max_non_frontline = places - min(places, _ceil_pct(min_frontline_pct, places))
    else:
        max_heads = max_non_frontline = None
    return StageCheck(stage, places, count, heads, non_frontline, max_heads, max_non_frontline)
