"""The district report page (区级报告): for the leadership, each indicator with its figure this
year, a trend over five years, the figure per child org (street) and, where there is one, a list
to act on. Every figure comes from a measure (``measures.py``), the same as the annual return;
coverage comes from the one source of subtree figures (``figures.py``)."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.scoping import subtree_q
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Employer

from .figures import subtree_figures
from .layouts import parse_cell
from .measures import MEASURES, Span

TREND_YEARS = 5
# (key, title, [(series label, measure spec)])
INDICATORS = [
    ("members", gettext_lazy("年末会员"), [(gettext_lazy("会员"), "members")]),
    (
        "aid",
        gettext_lazy("帮扶资金：发放与预算"),
        [(gettext_lazy("发放（元）"), "aid_paid"), (gettext_lazy("预算（元）"), "aid_budget")],
    ),
    ("congress", gettext_lazy("召开职代会"), [(gettext_lazy("会议（次）"), "congress_sessions")]),
    (
        "contracts",
        gettext_lazy("集体合同"),
        [
            (gettext_lazy("有效合同（份）"), "contracts"),
            (gettext_lazy("覆盖职工（人）"), "contract_workers"),
        ],
    ),
    (
        "grievances",
        gettext_lazy("职工诉求"),
        [
            (gettext_lazy("受理（件）"), "grievances"),
            (gettext_lazy("按期办结（件）"), "grievances?on_time=1"),
        ],
    ),
    (
        "proposals",
        gettext_lazy("合理化建议"),
        [
            (gettext_lazy("已采纳（件）"), "improvement_proposals?adopted=1"),
            (gettext_lazy("效益（元）"), "proposal_benefit"),
        ],
    ),
    (
        "competitions",
        gettext_lazy("劳动和技能竞赛"),
        [(gettext_lazy("竞赛（项）"), "competitions")],
    ),
]


def _value(spec, org, year):
    key, params = parse_cell(spec)
    return MEASURES[key].total(Span(org, year), **params)


@dataclass
class Indicator:
    key: str
    title: str
    series: list  # [(label, spec, value this year)]
    years: list
    trend: list  # per series: values per year
    children: list  # [(org, [value per series])]

    def chart(self, kind):
        """ECharts option (titled, labelled) for the trend or the by-street chart."""
        if kind == "trend":
            categories = [str(y) for y in self.years]
            data = self.trend
            title = _("%(t)s：近 %(n)s 年") % {"t": self.title, "n": len(self.years)}
        else:
            categories = [o.short_name or o.name for o, _v in self.children]
            data = [[vals[i] for _o, vals in self.children] for i in range(len(self.series))]
            title = _("%(t)s：按下级组织（%(y)s 年）") % {"t": self.title, "y": self.years[-1]}
        return json.dumps(
            {
                "animation": False,
                "title": {"text": title, "left": "center", "textStyle": {"fontSize": 13}},
                "tooltip": {"trigger": "axis"},
                "legend": {"top": 24},
                "grid": {"top": 60, "left": 10, "right": 10, "bottom": 10, "containLabel": True},
                "xAxis": {
                    "type": "category",
                    "data": categories,
                    "axisLabel": {"interval": 0, "rotate": 0 if kind == "trend" else 30},
                },
                "yAxis": {"type": "value"},
                "series": [
                    {
                        "name": str(label),
                        "type": "line" if kind == "trend" else "bar",
                        "data": [float(v) for v in values],
                        "label": {"show": True},
                    }
                    for (label, _spec, _now), values in zip(self.series, data, strict=True)
                ],
            },
            ensure_ascii=False,
        )

    def bars(self):
        """For the PDF: per series, the trend and the by-child values with bar widths."""
        out = []
        for i, (label, _spec, _now) in enumerate(self.series):
            trend = self.trend[i]
            kids = [vals[i] for _o, vals in self.children]
            out.append(
                {
                    "label": label,
                    "trend": [
                        (y, v, bar_width(v, trend)) for y, v in zip(self.years, trend, strict=True)
                    ],
                    "children": [
                        (o.name, vals[i], bar_width(vals[i], kids)) for o, vals in self.children
                    ],
                }
            )
        return out

    @property
    def trend_chart(self):
        return self.chart("trend")

    @property
    def children_chart(self):
        return self.chart("children")


def indicator(key, title, series, org, year, children):
    years = list(range(year - TREND_YEARS + 1, year + 1))
    trend = [[_value(spec, org, y) for y in years] for _label, spec in series]
    by_child = [(c, [_value(spec, c, year) for _label, spec in series]) for c in children]
    now = [(label, spec, values[-1]) for (label, spec), values in zip(series, trend, strict=True)]
    return Indicator(key, str(title), now, years, trend, by_child)


def congress_missing(org, year, minimum=25):
    """Employers with ``minimum`` or more workers whose union held no congress session closing
    in ``year``: a list to act on."""
    from gonghui.assemblies.models import Session

    held = Session.objects.filter(
        org=OuterRef("org"), closed_on__range=(Span(org, year).start, Span(org, year).end)
    )
    return (
        Employer.objects.filter(subtree_q(org.path, "org__path"), is_active=True)
        .filter(headcount__gte=minimum)
        .exclude(Exists(held))
        .select_related("org")
        .order_by("-headcount", "name")
    )


def contracts_expiring(org, within_days=90, today=None):
    from gonghui.workplace.models import Contract, ContractStatus

    today = today or datetime.date.today()
    return (
        Contract.objects.filter(
            subtree_q(org.path, "org__path"),
            status__in=[ContractStatus.SIGNED, ContractStatus.FILED, ContractStatus.IN_FORCE],
            end_date__range=(today, today + datetime.timedelta(days=within_days)),
        )
        .select_related("org")
        .order_by("end_date")
    )


def report(org, year):
    """Everything the district report page and its PDF show for ``org``'s subtree."""
    children = list(org_selectors.children_of(org).filter(status="active"))
    f = subtree_figures(org)
    return {
        "org": org,
        "year": year,
        "figures": f,
        "children": children,
        "indicators": [indicator(k, t, s, org, year, children) for k, t, s in INDICATORS],
        "congress_missing": list(congress_missing(org, year)[:100]),
        "contracts_expiring": list(contracts_expiring(org)[:100]),
    }


def bar_width(value, values):
    """Percent width of ``value`` among ``values`` for the PDF's drawn bars."""
    top = max([Decimal(v) for v in values] + [Decimal(0)])
    return int(Decimal(value) * 100 / top) if top else 0
