"""Pages of the annual statistics return: the return for an org and year (with its
cross-checks), the list behind each figure, the .xlsx, and the district's layout editor."""

import datetime
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.imports.views import attachment
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Org

from . import returns
from .forms import LayoutForm, ReturnForm

ORG = Lookup(lambda: Org.objects.visible(), name="org", code="code")


def _year(year):
    if not 2000 <= year <= datetime.date.today().year:
        raise Http404
    return year


@scoped_view("reports.view_return")
def annual(request):
    form = ReturnForm(request.GET or None, root=org_selectors.root_org())
    if form.is_valid():
        org, year = form.cleaned_data["org"], form.cleaned_data["year"]
    else:
        org, year = org_selectors.root_org(), datetime.date.today().year - 1
    result = returns.annual_return(org, year)
    return render(
        request,
        "reports/annual.html",
        {
            "form": form,
            "org": org,
            "year": year,
            "result": result,
            "checks_ok": returns.all_checks_pass(result["tables"]),
            "failed": [c for t in result["tables"] for c in t.checks if not c.ok],
            "can_edit_layout": request.scope.has_perm("reports.edit_return_layout")
            and request.scope.org_path == org_selectors.root_org().path,
        },
    )


@scoped_view("reports.view_return", lookup=ORG)
def annual_cell(request, org, year, table, row, col):
    found = returns.drill(org, _year(year), table, row, col)
    if found is None:
        raise Http404
    table_def, row_def, measure, rows = found
    page = paginate(request, rows, 50, cap=COUNT_CAP)
    return render(
        request,
        "reports/annual_cell.html",
        {
            "org": org,
            "year": year,
            "table": table_def,
            "row": row_def,
            "measure": measure,
            "page": page,
            "lines": [[fn(obj) for _label, fn in measure.columns] for obj in page],
            "total": measure.total(returns.Span(org, year), **_params(table_def, row_def, col)),
        },
    )


def _params(table_def, row_def, col):
    from .layouts import parse_cell

    return parse_cell(row_def["cells"][col])[1]


@scoped_view("reports.view_return", lookup=ORG)
def annual_export(request, org, year):
    result = returns.annual_return(org, _year(year))
    audit.record(request.user, "reports.annual_return.export", org, extra={"year": year})
    return attachment(
        returns.workbook(org, year, result),
        _("{org}-工会统计年报-{year}.xlsx").format(org=org.name, year=year),
    )


class _LayoutYear(Lookup):
    """The object of the layout editor: a year of the district's layout, 2000 to next year
    (404 otherwise), always the layout of the acting scope's own tree. The view receives the
    year."""

    def __init__(self):
        super().__init__(None, name="year")

    def find(self, kwargs):
        return _year_any(kwargs.pop("year"))


@scoped_view("reports.edit_return_layout", lookup=_LayoutYear())
def layout_edit(request, year):
    org = org_selectors.root_org()
    definition, saved = returns.layout_for(org, year)
    initial = {"definition": json.dumps(definition, ensure_ascii=False, indent=1)}
    if saved is not None and saved.year == year:
        initial["version"] = saved.version
    form = LayoutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            returns.save_layout(
                actor=request.user,
                org=org,
                year=year,
                definition=form.cleaned_data["definition"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(year)s 年统计年报表式已保存") % {"year": year})
            return redirect(f"{request.path}")
    return render(
        request,
        "reports/layout_edit.html",
        {"form": form, "year": year, "saved": saved, "org": org},
    )


def _year_any(year):
    if not 2000 <= year <= datetime.date.today().year + 1:
        raise Http404
    return year


def _report_target(request, org=None):
    org = org or org_selectors.root_org()
    try:
        year = int(request.GET.get("year") or datetime.date.today().year)
    except ValueError:
        year = datetime.date.today().year
    return org, _year(year)


def _district_page(request, org=None):
    from . import district

    org, year = _report_target(request, org=org)
    return render(request, "reports/district.html", district.report(org, year))


@scoped_view("reports.view_return")
def district_report(request):
    return _district_page(request)


@scoped_view("reports.view_return", lookup=ORG)
def district_report_org(request, org):
    return _district_page(request, org)


@scoped_view("reports.view_return", lookup=ORG)
def district_report_pdf(request, org):
    from gonghui.core.pdf import pdf_response

    from . import district

    org, year = _report_target(request, org=org)
    context = district.report(org, year)
    return pdf_response(
        "reports/district_pdf.html",
        context,
        _("{org}-工会工作报告-{year}.pdf").format(org=org.name, year=year),
        request=request,
    )
