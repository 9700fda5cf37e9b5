"""Duplicate aid: the district's integrity report and aid from outside."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
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
    if request.method == "POST" and form.is_valid():
        try:
            services.record_external_aid(
                actor=request.user,
                org=request.scope.org,
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            messages.success(request, _("已登记外部救助"))
            return redirect("assistance:outside_aid")
    return _form_page(request, form, _("登记外部救助（如民政救助）"))
