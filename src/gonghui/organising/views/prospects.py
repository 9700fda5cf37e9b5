"""Employers without a union: the list by street, size and sector, the pipeline, one
employer's page with its visits, organiser and next steps."""

import json

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.imports.views import attachment
from gonghui.core.models import User
from gonghui.core.roles import STAFF_ROLES
from gonghui.orgs.models import Employer

from .. import exporters, selectors
from ..enums import Stage
from ..forms import AssignForm, EmployerFilterForm, FoundingForm, JoinUnionForm, VisitForm
from ..services import foundings as founding_services
from ..services import prospects as services
from ._common import form_page, page_of

VIEW, WORK = "organising.view_prospect", "organising.work_prospect"
EXPORT_LIMIT = 10000


def _filtered(request):
    form = EmployerFilterForm(request.GET or None, streets=selectors.streets())
    data = form.cleaned_data if form.is_valid() else {}
    min_headcount = data.get("min_headcount")
    if min_headcount is None and "min_headcount" not in request.GET:
        min_headcount = selectors.target_headcount()
        form.initial["min_headcount"] = min_headcount
    employers = selectors.employers_without_union(
        street=data.get("street"), min_headcount=min_headcount, size=data.get("size", ""),
        industry=data.get("industry", ""), stage=data.get("stage", ""),
        query=(data.get("q") or "").strip(),
    )  # fmt: skip
    return form, employers, min_headcount


@scoped_view(VIEW)
def employer_list(request):
    form, employers, min_headcount = _filtered(request)
    context = {
        "form": form,
        "page": page_of(request, employers),
        "by_street": selectors.pipeline_by_street(min_headcount),
        "stages": Stage.choices,
        "min_headcount": min_headcount,
        "query": request.GET.urlencode(),
        "target": selectors.target_headcount(),
    }
    return render(request, "organising/employer_list.html", context)


@scoped_view(VIEW)
def employer_export(request):
    _form, employers, _min = _filtered(request)
    data = exporters.employers_workbook(employers[:EXPORT_LIMIT])
    return attachment(data, _("未建会单位.xlsx"))


@scoped_view(VIEW)
def pipeline(request):
    months = selectors.pipeline_by_month()
    labels = dict(Stage.choices)
    chart = {
        "animation": False,
        "title": {"text": _("建会工作进展（按月）"), "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [str(labels[s]) for s in Stage.values], "top": 26},
        "grid": {"left": 10, "right": 10, "top": 60, "bottom": 10, "containLabel": True},
        "xAxis": {"type": "category", "data": [m for m, _c in months]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": str(labels[s]), "type": "bar", "data": [c[s] for _m, c in months]}
            for s in Stage.values
        ],
    }  # fmt: skip
    context = {
        "by_street": selectors.pipeline_by_street(selectors.target_headcount()),
        "months": months,
        "stages": Stage.choices,
        "chart": json.dumps(chart, ensure_ascii=False),
        "target": selectors.target_headcount(),
    }
    return render(request, "organising/pipeline.html", context)


_EMPLOYER = Lookup(lambda: Employer.objects.select_related("org"), name="employer")


def _prospect(employer):
    try:
        return employer.prospect
    except ObjectDoesNotExist:
        return None


@scoped_view(VIEW, lookup=_EMPLOYER)
def employer_detail(request, employer):
    prospect = _prospect(employer)
    context = {
        "employer": employer,
        "prospect": prospect,
        "visits": selectors.visits_of(prospect) if prospect else [],
        "foundings": selectors.foundings().filter(employer=employer),
        "small": employer.headcount < selectors.target_headcount(),
        "target": selectors.target_headcount(),
        "visit_form": VisitForm(),
    }
    return render(request, "organising/employer_detail.html", context)


def _employer_step(request, employer, form, title, run, intro=""):
    """A form about one employer: ``run(cleaned_data)`` calls the service, then back to the
    employer's page (``title`` takes the employer's name)."""
    back = reverse("organising:employer", args=[employer.pk])

    def save(data):
        run(data)
        return back

    return form_page(
        request, form, title=title % employer.name, back=back, on_valid=save, intro=intro
    )


@scoped_view(WORK, lookup=_EMPLOYER)
def employer_visit(request, employer):
    return _employer_step(
        request, employer, VisitForm(request.POST or None), _("记录走访：%s"),
        lambda data: services.record_visit(actor=request.user, employer=employer, **data),
    )  # fmt: skip


def _staff_people(request):
    return (
        User.objects.filter(
            role_assignments__is_active=True,
            role_assignments__role__in=STAFF_ROLES,
            role_assignments__org__path__startswith=request.scope.org_path,
        )
        .distinct()
        .order_by("full_name", "username")
    )


@scoped_view("organising.assign_organiser", lookup=_EMPLOYER)
def employer_assign(request, employer):
    prospect = _prospect(employer)
    initial = (
        {"organiser": prospect.organiser_id, "next_visit_on": prospect.next_visit_on}
        if (prospect)
        else {}
    )
    form = AssignForm(request.POST or None, initial=initial, people=_staff_people(request))
    return _employer_step(
        request, employer, form, _("指定组织员：%s"),
        lambda data: services.assign_organiser(actor=request.user, employer=employer, **data),
    )  # fmt: skip


@scoped_view(WORK, lookup=_EMPLOYER)
def employer_join(request, employer):
    form = JoinUnionForm(request.POST or None, unions=selectors.multi_employer_unions())
    intro = _("职工人数较少的单位可加入联合工会或区域性、行业性工会；其职工入会后仍登记在本单位。")
    return _employer_step(
        request, employer, form, _("加入联合工会：%s"),
        lambda data: services.join_multi_union(
            actor=request.user, employer=employer, union=data["union"]
        ),
        intro=intro,
    )  # fmt: skip


@scoped_view("organising.run_founding", lookup=_EMPLOYER)
def founding_start(request, employer):
    union_name = f"{employer.name}工会"  # i18n: data (a union's name)
    form = FoundingForm(request.POST or None, initial={"union_name": union_name})
    back = reverse("organising:employer", args=[employer.pk])

    def save(data):
        founding = founding_services.start_founding(actor=request.user, employer=employer, **data)
        return reverse("organising:founding", args=[founding.pk])

    return form_page(request, form, title=_("启动建会：%s") % employer.name, back=back,
                     on_valid=save)  # fmt: skip
