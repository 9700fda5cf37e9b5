"""Pages of the union tree: browser, detail, create, edit, move, merge, dissolve, employers,
terms and officials, and the term-change (换届) overview."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import form_page
from gonghui.core.paging import COUNT_CAP, paginate

from . import selectors, services
from .forms import (
    DissolveForm,
    EmployerForm,
    MergeForm,
    MoveForm,
    OfficialForm,
    OrgEditForm,
    OrgForm,
    TermForm,
    child_kind_choices,
)
from .models import Employer, Org, Term


def _visible_orgs():
    return Org.objects.visible()


def _org_as(name):
    """The org of the URL's ``code``, in scope, passed to the view as ``name``."""
    return Lookup(_visible_orgs, name=name, code="code")


_ORG = _org_as("org")


@scoped_view("orgs.view_org")
def tree(request):
    query = request.GET.get("q", "").strip()
    root = selectors.root_org()
    results = selectors.search_orgs(query)[:50] if query else None
    return render(
        request,
        "orgs/tree.html",
        {"root": root, "query": query, "results": results, "children": selectors.children_of(root)},
    )


@scoped_view("orgs.view_org", lookup=_ORG)
def tree_children(request, org):
    """htmx: the children of one node, loaded when it is opened."""
    return render(request, "orgs/_tree_children.html", {"children": selectors.children_of(org)})


@scoped_view("orgs.view_org", lookup=_ORG)
def org_detail(request, org):
    term = org.terms.filter(is_current=True).prefetch_related("officials").first()
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "ancestors": Org.objects.get_ancestors(org),
            "children": selectors.children_of(org),
            "employers": Employer.objects.filter(org=org).order_by("name"),
            "term": term,
            "officials": term.officials.filter(end_date__isnull=True) if term else [],
            "counts": selectors.org_counts(org),
        },
    )


def _fields(data):
    """The form's fields a service takes as they are (the edit version travels apart)."""
    return {k: v for k, v in data.items() if k != "version"}


def _org_page(request, form, template, run, **context):
    """A form page about an org: ``run(cleaned_data)`` calls the service and returns the
    success message and the org whose page follows; a service's refusal lands on the form."""

    def on_valid(data):
        message, shown = run(data)
        messages.success(request, message)
        return reverse("orgs:detail", args=[shown.code])

    return form_page(request, form, template=template, on_valid=on_valid, done=None, **context)


def _action_page(request, form, org, title, run, *, danger=False):
    """``_org_page`` on ``orgs/org_action.html`` (a step on one org: move, merge, terms...)."""
    return _org_page(
        request, form, "orgs/org_action.html", run, org=org, title=title, danger=danger
    )


@scoped_view("orgs.add_org", lookup=_org_as("parent"))
def org_create(request, parent):
    form = OrgForm(request.POST or None)
    form.fields["kind"].choices = child_kind_choices(parent)

    def run(data):
        org = services.create_org(actor=request.user, parent=parent, **_fields(data))
        return _("已新增组织：%(name)s") % {"name": org.name}, org

    return _org_page(
        request, form, "orgs/org_form.html", run, parent=parent, title=_("新增下级组织")
    )


@scoped_view("orgs.change_org", lookup=_ORG)
def org_edit(request, org):
    form = OrgEditForm(request.POST or None, instance=org, initial={"version": org.version})

    def run(data):
        updated = services.update_org(
            actor=request.user, org=org, version=data.get("version"), **_fields(data)
        )
        return _("已保存"), updated

    return _org_page(request, form, "orgs/org_form.html", run, org=org, title=_("编辑组织"))


@scoped_view("orgs.move_org", lookup=_ORG)
def org_move(request, org):
    def run(data):
        services.move_org(actor=request.user, org=org, new_parent=data["new_parent"])
        return _("已移动到 %(name)s 之下") % {"name": data["new_parent"].name}, org

    return _action_page(request, MoveForm(request.POST or None), org, _("移动组织"), run)


@scoped_view("orgs.close_org", lookup=_ORG)
def org_merge(request, org):
    def run(data):
        target = data["target"]
        services.merge_org(actor=request.user, source=org, target=target, reason=data["reason"])
        return _("已并入 %(name)s") % {"name": target.name}, target

    form = MergeForm(request.POST or None)
    return _action_page(request, form, org, _("合并组织"), run, danger=True)


@scoped_view("orgs.close_org", lookup=_ORG)
def org_dissolve(request, org):
    def run(data):
        services.dissolve_org(
            actor=request.user, org=org, reason=data["reason"], on_date=data["on_date"]
        )
        return _("组织已撤销"), org

    form = DissolveForm(request.POST or None)
    return _action_page(request, form, org, _("撤销组织"), run, danger=True)


@scoped_view("orgs.view_employer")
def employer_list(request):
    query = request.GET.get("q", "").strip()
    employers = selectors.employers_in_scope().order_by("name")
    if query:
        employers = employers.filter(name__icontains=query) | employers.filter(
            credit_code=query.upper()
        )
    page = paginate(request, employers, 30, cap=COUNT_CAP)
    return render(request, "orgs/employer_list.html", {"page": page, "query": query})


@scoped_view("orgs.change_employer", lookup=_ORG)
def employer_create(request, org):
    def run(data):
        services.create_employer(actor=request.user, org=org, **_fields(data))
        return _("已登记单位"), org

    form = EmployerForm(request.POST or None)
    return _org_page(request, form, "orgs/employer_form.html", run, org=org)


@scoped_view("orgs.change_employer", lookup=Lookup(Employer, name="employer", pk="pk"))
def employer_edit(request, employer):
    def run(data):
        services.update_employer(
            actor=request.user, employer=employer, version=data.get("version"), **_fields(data)
        )
        return _("已保存"), employer.org

    form = EmployerForm(
        request.POST or None, instance=employer, initial={"version": employer.version}
    )
    return _org_page(
        request, form, "orgs/employer_form.html", run, org=employer.org, employer=employer
    )


@scoped_view("orgs.change_official", lookup=_ORG)
def term_start(request, org):
    def run(data):
        services.start_term(actor=request.user, org=org, **data)
        return _("已登记换届"), org

    form = TermForm(request.POST or None)
    return _action_page(request, form, org, _("换届（开始新一届任期）"), run)


@scoped_view("orgs.change_official", lookup=Lookup(Term, name="term", pk="pk"))
def official_add(request, term):
    def run(data):
        services.add_official(actor=request.user, term=term, **data)
        return _("已登记工会干部"), term.org

    form = OfficialForm(request.POST or None)
    return _action_page(request, form, term.org, _("登记工会干部"), run)


@scoped_view("orgs.view_official")
def term_overview(request):
    expiring, overdue = selectors.term_alerts()
    overdue, expiring = list(overdue[:500]), list(expiring[:500])
    steps = selectors.term_steps(overdue + expiring)
    for term in overdue + expiring:
        term.step = steps.get(term.org_id)
    return render(
        request,
        "orgs/terms.html",
        {
            "expiring": expiring,
            "overdue": overdue,
            "missing": selectors.grassroots_without_term()[:200],
        },
    )
