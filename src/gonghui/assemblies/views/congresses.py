"""Pages of congresses and delegates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope
from gonghui.orgs.models import Org

from .. import forms, selectors, services
from ..models import (
    CongressKind,
)
from ._common import CONGRESS, DELEGATE_ROW, MANAGE, VIEW, _member

# --- congresses --------------------------------------------------------------------------------


@scoped_view(VIEW)
def congress_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    congresses = selectors.congresses()
    if query:
        congresses = congresses.filter(name__icontains=query)
    if kind in CongressKind.values:
        congresses = congresses.filter(kind=kind)
    page = paginate(request, congresses, 30, cap=COUNT_CAP)
    return render(
        request,
        "assemblies/congress_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": CongressKind.choices},
    )


@scoped_view(MANAGE)
def congress_create(request):
    org = Org.objects.get(pk=current_scope().org_id)
    form = forms.CongressForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.create_congress(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立：%(name)s") % {"name": congress.name})
            return redirect("assemblies:congress", pk=congress.pk)
    return render(request, "assemblies/form.html", {"form": form, "title": _("新建代表大会")})


@scoped_view(VIEW, lookup=CONGRESS)
def congress_detail(request, congress):
    show_ended = request.GET.get("all") == "1"
    return render(
        request,
        "assemblies/congress_detail.html",
        {
            "congress": congress,
            "checks": selectors.composition(congress),
            "delegates": selectors.delegates_of(congress, include_ended=show_ended),
            "show_ended": show_ended,
            "sessions": selectors.sessions_of(congress),
        },
    )


@scoped_view(MANAGE, lookup=CONGRESS)
def delegate_add(request, congress):
    form = forms.DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            member = _member(congress, data.pop("member_ref"))
            constituency = services.constituency_named(
                actor=request.user, congress=congress, name=data.pop("constituency")
            )
            services.add_delegate(
                actor=request.user,
                congress=congress,
                member=member,
                constituency=constituency,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记代表：%(name)s") % {"name": member.name})
            return redirect("assemblies:congress", pk=congress.pk)
    return render(
        request,
        "assemblies/form.html",
        {"form": form, "congress": congress, "title": _("登记代表")},
    )


@scoped_view(MANAGE, lookup=DELEGATE_ROW)
def delegate_end(request, delegate):
    form = forms.EndDelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = None
            if data["successor_ref"].strip():
                successor = _member(delegate.congress, data["successor_ref"])
            services.end_delegate(
                actor=request.user,
                delegate=delegate,
                status=data["status"],
                reason=data["reason"],
                successor=successor,
                is_frontline=delegate.is_frontline,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录"))
            return redirect("assemblies:congress", pk=delegate.congress_id)
    return render(
        request,
        "assemblies/form.html",
        {
            "form": form,
            "congress": delegate.congress,
            "title": _("替补或罢免代表：%(name)s") % {"name": delegate.member.name},
        },
    )
