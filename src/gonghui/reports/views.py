"""The coverage dashboard (journey 3): membership and unionisation rates for each child org,
new-employment-form joins this quarter, overdue term changes; drill down, export, charts."""

import json

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.imports.views import attachment
from gonghui.members.models import EmploymentForm
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Org

from . import figures, tasks
from .figures import MEMBERSHIP_DENOMINATORS, UNIONISATION_DENOMINATORS


def _choices(request):
    m = request.GET.get("m", "all")
    u = request.GET.get("u", "all")
    return (
        m if m in MEMBERSHIP_DENOMINATORS else "all",
        u if u in UNIONISATION_DENOMINATORS else "all",
    )


def _context(request, org):
    m, u = _choices(request)
    children = list(org_selectors.children_of(org).filter(status="active"))
    state = figures.ensure_fresh()
    own, *rows = figures.figures_for([org, *children], m, u, state)
    save = {"feature": {"saveAsImage": {"title": _("保存为图片"), "pixelRatio": 2}}}
    chart_title = _("%(org)s 下级组织入会率与建会率") % {"org": org.name}
    chart = {
        "animation": False,
        "title": {"text": chart_title, "left": "center", "textStyle": {"fontSize": 14}},
        "toolbox": save,
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("入会率（%）"), _("建会率（%）")], "top": 26},
        "grid": {"left": 10, "right": 10, "top": 60, "bottom": 10, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [r.org.short_name or r.org.name for r in rows],
            "axisLabel": {"rotate": 30, "interval": 0},
        },
        "yAxis": {"type": "value", "max": 100},
        "series": [
            {
                "name": _("入会率（%）"),
                "type": "bar",
                "data": [float(r.membership_rate or 0) for r in rows],
            },
            {
                "name": _("建会率（%）"),
                "type": "bar",
                "data": [float(r.unionisation_rate or 0) for r in rows],
            },
        ],
    }
    forms = own.by_form
    pie = {
        "animation": False,
        "title": {
            "text": _("%(org)s 会员用工形式") % {"org": org.name},
            "left": "center",
            "textStyle": {"fontSize": 14},
        },
        "toolbox": save,
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "pie",
                "radius": "50%",
                "top": 30,
                "label": {"overflow": "break", "width": 80},
                "data": [
                    {"name": str(EmploymentForm(k).label), "value": v}
                    for k, v in forms.items()
                    if k in EmploymentForm.values
                ],
            }
        ],
    }
    return {
        "org": org,
        "own": own,
        "rows": rows,
        "m": m,
        "u": u,
        "membership_choices": MEMBERSHIP_DENOMINATORS,
        "unionisation_choices": UNIONISATION_DENOMINATORS,
        "chart": json.dumps(chart, ensure_ascii=False),
        "pie": json.dumps(pie, ensure_ascii=False),
        "ancestors": Org.objects.get_ancestors(org) if org.depth > 1 else [],
    }


@scoped_view("reports.view_dashboard")
def dashboard(request):
    org = org_selectors.root_org()
    return render(request, "reports/dashboard.html", _context(request, org))


ORG = Lookup(lambda: Org.objects.visible(), name="org", code="code")


@scoped_view("reports.view_dashboard", lookup=ORG)
def dashboard_org(request, org):
    return render(request, "reports/dashboard.html", _context(request, org))


@scoped_view("reports.view_dashboard", lookup=ORG)
def export(request, org):
    context = _context(request, org)
    return attachment(_workbook(context), _("{org}-覆盖情况.xlsx").format(org=org.name))


def _workbook(context):
    import io

    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("覆盖情况"))
    bold = book.add_format({"bold": True})
    pct = book.add_format({"num_format": "0.0"})
    m_label, m_rule = MEMBERSHIP_DENOMINATORS[context["m"]]
    u_label, u_rule = UNIONISATION_DENOMINATORS[context["u"]]
    sheet.write(0, 0, _("{org} 覆盖情况").format(org=context["org"].name), bold)
    as_of = context["own"].as_of
    stamp = timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M") if as_of else "—"
    sheet.write(
        1,
        0,
        _("入会率口径：{m_rule}；建会率口径：{u_rule}；数据截至 {stamp}").format(
            m_rule=m_rule, u_rule=u_rule, stamp=stamp
        ),
    )
    headers = [
        _("组织"),
        _("会员"),
        _("职工人数（{label}）").format(label=m_label),
        _("入会率（%）"),
        _("单位数（{label}）").format(label=u_label),
        _("已建会"),
        _("建会率（%）"),
        _("本季度新就业形态入会"),
        _("超期未换届"),
    ]
    sheet.write_row(3, 0, headers, bold)
    for i, r in enumerate([context["own"], *context["rows"]], start=4):
        sheet.write_row(i, 0, [r.org.name, r.members, r.workers])
        sheet.write(i, 3, float(r.membership_rate) if r.membership_rate is not None else "—", pct)
        sheet.write_row(i, 4, [r.employers, r.unionised])
        sheet.write(
            i, 6, float(r.unionisation_rate) if r.unionisation_rate is not None else "—", pct
        )
        sheet.write_row(i, 7, [r.new_form_this_quarter, r._get("overdue_terms")])
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 8, 14)
    book.close()
    return buffer.getvalue()


@require_POST
@scoped_view("reports.refresh_stats")
def refresh(request):
    tasks.refresh_stats.enqueue()
    messages.info(request, _("已开始重新计算统计数据，请稍后刷新页面"))
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "reports:dashboard"  # only back to a page of this site
    return redirect(back)
