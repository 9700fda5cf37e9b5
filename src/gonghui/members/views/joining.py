"""Online joining: the public form, the union's join link and the review of applications."""

import datetime

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import paging, publicforms
from gonghui.core.audit import client_ip
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.scoping import scopes_disabled
from gonghui.core.text.punctuation import joined
from gonghui.orgs.models import GRASSROOTS_KINDS, Org

from .. import services
from ..forms import (
    ApproveForm,
    JoinForm,
    ReasonForm,
)
from ..models import (
    ApplicationStatus,
    JoinApplication,
)
from ._common import _employers_for

# A grassroots union in scope (its join link); other kinds take no members online: 404.
GRASSROOTS_UNION = Lookup(
    lambda: Org.objects.visible().filter(kind__in=GRASSROOTS_KINDS), name="org", code="code"
)
# An application to join a union in scope.
APPLICATION = Lookup(
    lambda: JoinApplication.objects.select_related("org", "member"), name="application"
)
# --- online joining ---------------------------------------------------------------------------


def _public_union(code):
    with scopes_disabled():
        org = Org.objects.filter(code=code, kind__in=GRASSROOTS_KINDS, status="active").first()
    if org is None:
        raise Http404
    return org


def join(request, code):
    """Public joining page of a grassroots union (no login; rate-limited in the service)."""
    org = _public_union(code)
    form = JoinForm(request.POST or None)
    # The service counts the submissions (bucket "members-join"); the captcha follows the count.
    publicforms.guard(request, form, "members-join", limit=0, count=False)
    if request.method == "POST" and form.is_valid():
        try:
            with scopes_disabled():
                fields = {k: v for k, v in form.cleaned_data.items() if k != "captcha"}
                services.submit_application(
                    org=org, **fields, client_key=client_ip.get() or "unknown"
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("members:join_done", code=org.code)
    return render(
        request,
        "members/join.html",
        {"org": org, "form": form, "consent_version": services.CONSENT_VERSION},
    )


def join_done(request, code):
    return render(request, "members/join_done.html", {"org": _public_union(code)})


@scoped_view("members.review_application", lookup=GRASSROOTS_UNION)
def join_link(request, org):
    url = request.build_absolute_uri(reverse("members:join", kwargs={"code": org.code}))
    return render(
        request,
        "members/join_link.html",
        {
            "org": org,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=6),
        },
    )


@scoped_view("members.review_application")
def application_list(request):
    status = request.GET.get("status", ApplicationStatus.PENDING)
    applications = JoinApplication.objects.select_related("org")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    pager = paging.window(request, applications)
    unions = Org.objects.visible().filter(kind__in=GRASSROOTS_KINDS, status="active")[:50]
    return render(
        request,
        "members/application_list.html",
        {
            "rows": pager.rows,
            "pager": pager,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "unions": unions,
        },
    )


@scoped_view("members.review_application", lookup=APPLICATION)
def application_detail(request, application):
    approve_form = ApproveForm(
        request.POST if request.POST.get("action") == "approve" else None,
        employers=_employers_for(application.org),
        initial={"join_date": datetime.date.today()},
    )
    reject_form = ReasonForm(request.POST if request.POST.get("action") == "reject" else None)
    try:
        if approve_form.is_bound and approve_form.is_valid():
            services.approve_application(
                actor=request.user, application=application, **approve_form.cleaned_data
            )
            messages.success(request, _("已批准入会，会员已登记"))
            return redirect("members:application_detail", pk=application.pk)
        if reject_form.is_bound and reject_form.is_valid():
            services.reject_application(
                actor=request.user,
                application=application,
                reason=reject_form.cleaned_data["reason"],
            )
            messages.success(request, _("已作出不予批准的决定"))
            return redirect("members:application_detail", pk=application.pk)
    except ValidationError as exc:
        messages.error(request, joined(exc.messages, "semicolon"))
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "approve_form": approve_form,
            "reject_form": reject_form,
            "reveal_id": request.scope.has_perm("members.reveal_id_number"),
            "reveal_phone": request.scope.has_perm("members.reveal_phone"),
        },
    )
