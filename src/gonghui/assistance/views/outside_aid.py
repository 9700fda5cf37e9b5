"""Duplicate aid: the district's integrity report and aid from outside."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import submit
from gonghui.core.paging import COUNT_CAP, paginate

from .. import forms, selectors, services
from ._common import _form_page

# --- duplicate aid: the district report and outside aid --------------------------------------


@scoped_view("assistance.view_file")
def integrity_report(request):
    """Duplicate-aid flags across programmes, campaigns and outside aid, by kind and union,
    with the list of one kind (drill-down); exclusion overrides and their confirmation."""
    context = selectors.integrity_report(request.GET.get("kind", ""))
    return render(request, "assistance/integrity.html", context)


@scoped_view("assistance.view_file")
def outside_aid_list(request):
    q = request.GET.get("q", "")[:50]
    page = paginate(request, selectors.external_aid(q), 50, cap=COUNT_CAP)
    return render(
        request,
        "assistance/outside_aid.html",
        {
            "page": page,
            "q": q,
            "can_record": request.scope.has_perm("assistance.record_external_aid"),
        },
    )


@scoped_view("assistance.record_external_aid")
def outside_aid_new(request):
    form = forms.ExternalAidForm(request.POST or None, initial={"granted_on": timezone.localdate()})
    return submit(
        request,
        form,
        services.record_external_aid,
        org=request.scope.org,
        then="assistance:outside_aid",
        success=_("已登记外部救助"),
        refusals_on_form=True,
    ) or _form_page(request, form, _("登记外部救助（如民政救助）"))
