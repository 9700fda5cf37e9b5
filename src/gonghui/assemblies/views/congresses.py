"""Pages of congresses and delegates."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import submit
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope
from gonghui.orgs.models import Org

from .. import forms, selectors, services
from ..models import (
    CongressKind,
)
from ._common import CONGRESS, DELEGATE_ROW, MANAGE, VIEW, _form_page, _member

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
    return submit(
        request,
        form,
        services.create_congress,
        org=org,
        then=lambda congress: ("assemblies:congress", congress.pk),
        success=lambda congress: _("已建立：%(name)s") % {"name": congress.name},
    ) or _form_page(request, form, _("新建代表大会"))


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

    def delegate(data):
        values = dict(data)
        member = _member(congress, values.pop("member_ref"))
        name = values.pop("constituency")
        constituency = services.constituency_named(actor=request.user, congress=congress, name=name)
        return {**values, "member": member, "constituency": constituency}

    return submit(
        request,
        form,
        services.add_delegate,
        congress=congress,
        data=delegate,
        then=("assemblies:congress", congress.pk),
        success=lambda delegate: _("已登记代表：%(name)s") % {"name": delegate.member.name},
    ) or _form_page(request, form, _("登记代表"), congress)


@scoped_view(MANAGE, lookup=DELEGATE_ROW)
def delegate_end(request, delegate):
    form = forms.EndDelegateForm(request.POST or None)

    def ending(data):
        ref = data["successor_ref"].strip()
        return {
            "status": data["status"],
            "reason": data["reason"],
            "successor": _member(delegate.congress, ref) if ref else None,
            "is_frontline": delegate.is_frontline,
        }

    title = _("替补或罢免代表：%(name)s") % {"name": delegate.member.name}
    return submit(
        request,
        form,
        services.end_delegate,
        delegate=delegate,
        data=ending,
        then=("assemblies:congress", delegate.congress_id),
        success=_("已记录"),
    ) or _form_page(request, form, title, delegate.congress)
