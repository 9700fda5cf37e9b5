"""Pages of legal-aid and mediation cases."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import form_page
from gonghui.core.paging import COUNT_CAP, paginate

from .. import forms, selectors, services
from ..models import Case
from .requests import _request

# ---------------------------------------------------------------- legal aid and mediation


@scoped_view("rights.view_case")
def case_list(request):
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.cases_in_scope(kind), 30, cap=COUNT_CAP)
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
    org = from_request.org if from_request else request.scope.org

    def on_valid(data):
        case = services.open_case(actor=request.user, org=org, request=from_request, **data)
        return reverse("rights:case_detail", args=[case.pk])

    return form_page(
        request, form, template="rights/form.html", on_valid=on_valid, done=None,
        title=_("新建法律援助/调解案件"), req=from_request,
    )  # fmt: skip


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

    def on_valid(data):
        service(actor=request.user, case=case, **data)
        return reverse("rights:case_detail", args=[case.pk])

    form = form_class(request.POST or None)
    return form_page(
        request, form, template="rights/form.html", on_valid=on_valid, title=label, case=case
    )
