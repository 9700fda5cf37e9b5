"""Pages of the union tree: browser, detail, create, edit, move, merge, dissolve, employers,
terms and officials, and the term-change (换届) overview."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service

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


@scoped_view("orgs.add_org", lookup=_org_as("parent"))
def org_create(request, parent):
    form = OrgForm(request.POST or None)
    form.fields["kind"].choices = child_kind_choices(parent)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        org, ok = call_service(form, services.create_org, actor=request.user, parent=parent, **data)
        if ok:
            messages.success(request, _("已新增组织：%(name)s") % {"name": org.name})
            return redirect("orgs:detail", code=org.code)
    return render(
        request, "orgs/org_form.html", {"form": form, "parent": parent, "title": _("新增下级组织")}
    )


@scoped_view("orgs.change_org", lookup=_ORG)
def org_edit(request, org):
    form = OrgEditForm(request.POST or None, instance=org, initial={"version": org.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        updated, ok = call_service(
            form,
            services.update_org,
            actor=request.user,
            org=org,
            version=form.cleaned_data.get("version"),
            **data,
        )
        if ok:
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", code=updated.code)
    return render(request, "orgs/org_form.html", {"form": form, "org": org, "title": _("编辑组织")})


@scoped_view("orgs.move_org", lookup=_ORG)
def org_move(request, org):
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["new_parent"]
        _moved, ok = call_service(
            form, services.move_org, actor=request.user, org=org, new_parent=target
        )
        if ok:
            messages.success(request, _("已移动到 %(name)s 之下") % {"name": target.name})
            return redirect("orgs:detail", code=org.code)
    return render(
        request,
        "orgs/org_action.html",
        {"form": form, "org": org, "title": _("移动组织"), "danger": False},
    )


@scoped_view("orgs.close_org", lookup=_ORG)
def org_merge(request, org):
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        _merged, ok = call_service(
            form,
            services.merge_org,
            actor=request.user,
            source=org,
            target=target,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("已并入 %(name)s") % {"name": target.name})
            return redirect("orgs:detail", code=target.code)
    return render(
        request,
        "orgs/org_action.html",
        {"form": form, "org": org, "title": _("合并组织"), "danger": True},
    )


@scoped_view("orgs.close_org", lookup=_ORG)
def org_dissolve(request, org):
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form,
            services.dissolve_org,
            actor=request.user,
            org=org,
            reason=form.cleaned_data["reason"],
            on_date=form.cleaned_data["on_date"],
        )
        if ok:
            messages.success(request, _("组织已撤销"))
            return redirect("orgs:detail", code=org.code)
    return render(
        request,
        "orgs/org_action.html",
        {"form": form, "org": org, "title": _("撤销组织"), "danger": True},
    )


@scoped_view("orgs.view_employer")
def employer_list(request):
    query = request.GET.get("q", "").strip()
    employers = selectors.employers_in_scope().order_by("name")
    if query:
        employers = employers.filter(name__icontains=query) | employers.filter(
            credit_code=query.upper()
        )
    page = Paginator(employers, 30).get_page(request.GET.get("page"))
    return render(request, "orgs/employer_list.html", {"page": page, "query": query})


@scoped_view("orgs.change_employer", lookup=_ORG)
def employer_create(request, org):
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        _result, ok = call_service(
            form, services.create_employer, actor=request.user, org=org, **data
        )
        if ok:
            messages.success(request, _("已登记单位"))
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/employer_form.html", {"form": form, "org": org})


@scoped_view("orgs.change_employer", lookup=Lookup(Employer, name="employer", pk="pk"))
def employer_edit(request, employer):
    form = EmployerForm(
        request.POST or None, instance=employer, initial={"version": employer.version}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        _result, ok = call_service(
            form,
            services.update_employer,
            actor=request.user,
            employer=employer,
            version=form.cleaned_data.get("version"),
            **data,
        )
        if ok:
            messages.success(request, _("已保存"))
            return redirect("orgs:detail", code=employer.org.code)
    return render(
        request,
        "orgs/employer_form.html",
        {"form": form, "org": employer.org, "employer": employer},
    )


@scoped_view("orgs.change_official", lookup=_ORG)
def term_start(request, org):
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.start_term, actor=request.user, org=org, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("已登记换届"))
            return redirect("orgs:detail", code=org.code)
    return render(
        request,
        "orgs/org_action.html",
        {"form": form, "org": org, "title": _("换届（开始新一届任期）"), "danger": False},
    )


@scoped_view("orgs.change_official", lookup=Lookup(Term, name="term", pk="pk"))
def official_add(request, term):
    form = OfficialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, services.add_official, actor=request.user, term=term, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("已登记工会干部"))
            return redirect("orgs:detail", code=term.org.code)
    return render(
        request,
        "orgs/org_action.html",
        {"form": form, "org": term.org, "title": _("登记工会干部"), "danger": False},
    )


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
