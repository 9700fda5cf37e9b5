"""Pages of legal-aid and mediation cases."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service

from .. import forms, selectors, services
from ..models import Case
from .requests import _request

# ---------------------------------------------------------------- legal aid and mediation


@scoped_view("rights.view_case")
def case_list(request):
    kind = request.GET.get("kind", "")
    page = Paginator(selectors.cases_in_scope(kind), 30).get_page(request.GET.get("page"))
    return render(request, "rights/case_list.html", {"page": page, "kind": kind})


@scoped_view("rights.manage_case")
def case_new(request):
    from_request = None
    if request.GET.get("request"):
        from_request = _request(request.GET["request"], "rights.manage_case")
    initial = {"opened_on": timezone.localdate()}
    if from_request:
        initial.update(title=from_request.title, kind="mediation")
    form = forms.CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        org = from_request.org if from_request else request.scope.org
        case, ok = call_service(
            form,
            services.open_case,
            actor=request.user,
            org=org,
            request=from_request,
            **form.cleaned_data,
        )
        if ok:
            return redirect("rights:case_detail", pk=case.pk)
    return render(
        request,
        "rights/form.html",
        {"form": form, "title": _("新建法律援助/调解案件"), "req": from_request},
    )


CASE_PARTS = {
    "party": (forms.PartyForm, services.add_party, gettext_lazy("登记当事人")),
    "claim": (forms.ClaimForm, services.add_claim, gettext_lazy("登记请求事项")),
    "session": (forms.SessionForm, services.add_session, gettext_lazy("登记调解/庭审")),
    "agreement": (forms.AgreementForm, services.record_agreement, gettext_lazy("登记协议")),
    "recovery": (forms.RecoveryForm, services.record_recovery, gettext_lazy("登记追回金额")),
    "close": (forms.CloseCaseForm, services.close_case, gettext_lazy("结案")),
}


_CASE = Lookup(lambda: Case.objects.select_related("org", "request"), name="case")


@scoped_view("rights.view_case", lookup=_CASE)
def case_detail(request, case):
    return render(
        request,
        "rights/case_detail.html",
        {
            "case": case,
            "parties": case.parties.all(),
            "claims": case.claims.all(),
            "sessions": case.sessions.all(),
            "agreements": case.agreements.all(),
            "recoveries": case.recoveries.all(),
            "recovered": selectors.case_recovered(case),
            "claimed": sum(c.amount for c in case.claims.all()),
            "parts": [(key, label) for key, (_f, _s, label) in CASE_PARTS.items()],
            "can_manage": request.scope.has_perm("rights.manage_case"),
        },
    )


@scoped_view("rights.manage_case", lookup=_CASE)
def case_part(request, case, part):
    if part not in CASE_PARTS:
        raise Http404
    form_class, service, label = CASE_PARTS[part]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form, service, actor=request.user, case=case, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("已保存"))
            return redirect("rights:case_detail", pk=case.pk)
    return render(request, "rights/form.html", {"form": form, "title": label, "case": case})
