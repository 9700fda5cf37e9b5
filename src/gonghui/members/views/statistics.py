"""Membership statistics (会员统计) with charts and export."""

import json

from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.decorators import scoped_view
from gonghui.core.imports.views import attachment

from .. import exporters, selectors
from ..forms import (
    StatsForm,
)

# --- statistics --------------------------------------------------------------------------------


def _stats(request):
    form = StatsForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = selectors.org_by_code(data.get("org")) or request.active_assignment.org
    return selectors.statistics(org, data.get("denominator") or "all")


@scoped_view("members.view_stats")
def stats(request):
    figures = _stats(request)
    return render(
        request,
        "members/stats.html",
        {
            "form": StatsForm(request.GET or None),
            "s": figures,
            "query": request.GET.urlencode(),
            "charts": _charts(figures),
            "children": selectors.children_figures(figures["org"]),
        },
    )


@scoped_view("members.view_stats")
def stats_export(request):
    figures = _stats(request)
    audit.record(
        request.user,
        "members.stats.export",
        figures["org"],
        extra={"denominator": figures["coverage"]["denominator"]},
    )
    return attachment(
        exporters.statistics_workbook(figures),
        _("会员统计-{code}.xlsx").format(code=figures["org"].code),
    )


def _pie(title, pairs):
    return json.dumps(
        {
            "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "top": 24,
                    "data": [{"name": str(label), "value": n} for label, n in pairs if n],
                }
            ],
        },
        ensure_ascii=False,
    )


def _charts(s):
    months = s["by_month"]
    flows = json.dumps(
        {
            "title": {"text": _("每月入会与减少"), "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 24},
            "grid": {"top": 60, "left": 40, "right": 16, "bottom": 30},
            "xAxis": {"type": "category", "data": [m for m, _j, _l in months]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {"name": _("入会"), "type": "bar", "data": [j for _m, j, _l in months]},
                {"name": _("减少"), "type": "bar", "data": [n for _m, _j, n in months]},
            ],
        },
        ensure_ascii=False,
    )
    age = json.dumps(
        {
            "title": {"text": _("年龄段"), "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {},
            "grid": {"top": 40, "left": 40, "right": 16, "bottom": 30},
            "xAxis": {"type": "category", "data": [str(a) for a, _n in s["by_age"]]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [{"type": "bar", "data": [n for _a, n in s["by_age"]]}],
        },
        ensure_ascii=False,
    )
    return {
        "status": _pie(_("会籍状态"), s["by_status"]),
        "form": _pie(_("用工形式"), s["by_form"]),
        "gender": _pie(_("性别"), s["by_gender"]),
        "age": age,
        "flows": flows,
    }
