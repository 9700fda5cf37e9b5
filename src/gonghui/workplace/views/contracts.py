"""Collective consultation and contracts: the cycle, PDFs, statistics."""

import datetime
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import object_button_route
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import subtree_q
from gonghui.core.text.punctuation import joined, semicolon
from gonghui.core.workflow import history
from gonghui.orgs.models import Org

from .. import exporters, forms, policy, selectors, services
from ..models import (
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Contract,
    ContractKind,
    ContractStatus,
)
from ._common import (
    _for_role,
    _form_page,
    _int,
    _object_action,
    _page,
    _scope_org,
    _today_initial,
)

# --- Consultations ----------------------------------------------------------------------------


CONSULTATION = Lookup(
    lambda: _for_role(
        Consultation.objects.select_related("employer", "org", "previous_contract"),
        "covered_employers",
    ),
    name="c",
)


def _holder(data, request):
    """The union that holds an enterprise consultation/contract is the employer's; a regional or
    industry one is held by the acting scope's union."""
    employer = data.get("employer")
    if data.get("coverage") == "enterprise" and employer is not None:
        return employer.org
    return _scope_org(request)


@scoped_view("workplace.view_contract")
def consultation_list(request):
    f = {
        "q": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
    }
    return render(
        request,
        "workplace/consultation_list.html",
        {
            "page": _page(request, selectors.consultation_list(**f)),
            "f": f,
            "kinds": ConsultationKind.choices,
            "statuses": ConsultationStatus.choices,
        },
    )


@scoped_view("workplace.change_contract")
def consultation_create(request):
    form = forms.ConsultationForm(
        request.POST or None, initial={"requested_on": timezone.localdate()}
    )

    def create(data):
        c = services.open_consultation(actor=request.user, org=_holder(data, request), **data)
        return reverse("workplace:consultation", args=[c.pk])

    back = reverse("workplace:consultations")
    return _form_page(request, form, title=_("发起集体协商"), back=back, on_valid=create)


@scoped_view("workplace.view_contract", lookup=CONSULTATION)
def consultation_detail(request, c):
    return render(
        request,
        "workplace/consultation_detail.html",
        {
            "c": c,
            "reps": c.representatives.all(),
            "rounds": c.rounds.all(),
            "covered": c.covered_employers.all(),
            "contract": Contract.objects.filter(consultation=c).first(),
            "open": c.is_open,
        },
    )


_consultation_action = partial(
    _object_action,
    "workplace.change_contract",
    CONSULTATION,
    "consultation",
    "workplace:consultation",
)
consultation_representative = _consultation_action(
    forms.RepresentativeForm, gettext_lazy("添加协商代表"), services.add_representative
)
consultation_round = _consultation_action(
    forms.RoundForm,
    gettext_lazy("记录协商轮次"),
    services.record_round,
    initial=_today_initial("held_on"),
)
consultation_conclude = _consultation_action(
    forms.ConcludeForm,
    gettext_lazy("结束协商"),
    services.conclude_consultation,
    initial=_today_initial("concluded_on"),
)


@scoped_view("workplace.change_contract", lookup=CONSULTATION)
def consultation_contract(request, c):
    """Draft the contract an agreed consultation produced."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    kind = c.kind if c.kind in ContractKind.values else ContractKind.OTHER
    months = 12 if kind == ContractKind.WAGE else 36
    form = forms.ContractForm(
        request.POST or None,
        fixed_coverage=True,
        initial={
            "kind": kind,
            "title": c.title.replace("协商", "合同"),  # i18n: data (the stored title)
            "start_date": start,
            "end_date": policy.add_months(start, months) - datetime.timedelta(days=1),
            "employer_party": c.employer_party,
            "body": c.outcome,
        },
    )

    def create(data):
        data.pop("version", None)
        contract = services.draft_contract(
            actor=request.user,
            org=c.org,
            coverage=c.coverage,
            consultation=c,
            **_contract_data(data),
        )
        return reverse("workplace:contract", args=[contract.pk])

    back = reverse("workplace:consultation", args=[c.pk])
    return _form_page(request, form, title=_("形成集体合同草案"), back=back, on_valid=create)


def _contract_data(data):
    data = dict(data)
    data["workers_covered"] = data.get("workers_covered") or 0
    data["pay_day"] = data.get("pay_day") or ""
    return data


# --- Contracts --------------------------------------------------------------------------------


CONTRACT = Lookup(
    lambda: _for_role(
        Contract.objects.select_related("employer", "org", "consultation"), "covered_employers"
    ),
    name="c",
)


@scoped_view("workplace.view_contract")
def contract_list(request):
    f = {
        "q": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "alert": request.GET.get("alert", ""),
    }
    qs = selectors.contract_list(**{k: v for k, v in f.items() if k != "alert"}, alert=f["alert"])
    if f["alert"] == "expiring" and _int(request.GET.get("within")):
        qs = selectors.expiring_contracts(_int(request.GET.get("within")))
    if request.GET.get("export") == "xlsx":
        return exporters.contracts_xlsx(qs)
    return render(
        request,
        "workplace/contract_list.html",
        {
            "page": _page(request, qs),
            "f": f,
            "kinds": ContractKind.choices,
            "statuses": ContractStatus.choices,
            "today": timezone.localdate(),
        },
    )


@scoped_view("workplace.change_contract")
def contract_create(request):
    start = timezone.localdate()
    form = forms.ContractForm(
        request.POST or None,
        initial={
            "start_date": start,
            "end_date": policy.add_months(start, 36) - datetime.timedelta(days=1),
        },
    )

    def create(data):
        data.pop("version", None)
        contract = services.draft_contract(
            actor=request.user, org=_holder(data, request), **_contract_data(data)
        )
        return reverse("workplace:contract", args=[contract.pk])

    back = reverse("workplace:contracts")
    return _form_page(request, form, title=_("登记集体合同草案"), back=back, on_valid=create)


@scoped_view("workplace.change_contract", lookup=CONTRACT)
def contract_edit(request, c):
    form = forms.ContractForm(
        request.POST or None,
        fixed_coverage=True,
        initial={key: getattr(c, key) for key in services.CONTRACT_FIELDS} | {"version": c.version},
    )
    back = reverse("workplace:contract", args=[c.pk])
    return _form_page(
        request,
        form,
        title=_("修改合同草案"),
        back=back,
        on_valid=lambda data: (
            services.update_contract(actor=request.user, contract=c, **_contract_data(data)),
            back,
        )[1],
    )


def _timeline(contract):
    """Workflow events with the transitions' and states' Chinese labels."""
    labels = {t.name: t.label for t in services.CONTRACT_WF.transitions}
    states = dict(ContractStatus.choices)
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "label": labels.get(e.transition, e.transition),
            "state": states.get(e.to_state, e.to_state),
            "reason": e.reason_text,
        }
        for e in history(contract)
    ]


@scoped_view("workplace.view_contract", lookup=CONTRACT)
def contract_detail(request, c):
    today = timezone.localdate()
    _errors, warnings = services.term_problems(c.kind, c.start_date, c.end_date, c.org)
    return render(
        request,
        "workplace/contract_detail.html",
        {
            "c": c,
            "steps": selectors.contract_steps(c, today),
            "today": today,
            "warnings": warnings,
            "covered": c.covered_employers.all(),
            "events": _timeline(c),
            "renewal": Consultation.objects.filter(previous_contract=c).first(),
            "reminders": policy.reminder_thresholds(c.org),
            "days_left": c.days_left(today),
            "can_lapse": c.review_lapsed(today),
            # the workflow's steps open to the role now (approve, revise, sign, file...)
            "transitions": {t.name for t in services.CONTRACT_WF.available(c, request.user)},
        },
    )


_contract_action = partial(
    _object_action, "workplace.change_contract", CONTRACT, "contract", "workplace:contract"
)


def _tally_intro(c):
    rules = semicolon().join(
        config.describe(k, c.org)
        for k in (
            "workplace.quorum",
            "workplace.pass_fraction",
            "workplace.pass_strict",
            "workplace.pass_denominator",
        )
    )
    return _("表决规则：%(rules)s。未通过的草案可修改后再次表决。") % {"rules": rules}


contract_approve = _contract_action(
    forms.ApprovalForm,
    gettext_lazy("记录职代会表决"),
    services.record_approval,
    initial=_today_initial("approved_on"),
    intro=_tally_intro,
)
contract_sign = _contract_action(
    forms.SignForm,
    gettext_lazy("首席代表签字"),
    services.sign_contract,
    initial=lambda c: {"signed_on": timezone.localdate()},
    intro=lambda c: config.describe("workplace.contract_filing_days", c.org),
)
contract_file = _contract_action(
    forms.FileForm,
    gettext_lazy("报送审查"),
    services.file_contract,
    initial=_today_initial("filed_on"),
    intro=lambda c: (
        _("报送期限：%(d)s。") % {"d": c.filing_due}
        + config.describe("workplace.contract_review_days", c.org)
    ),
)
contract_reply = _contract_action(
    forms.ReplyForm,
    gettext_lazy("登记审查意见"),
    services.record_authority_reply,
    initial=_today_initial("reply_on"),
)
contract_publish = _contract_action(
    forms.PublishForm,
    gettext_lazy("向职工公布"),
    services.publish_contract,
    initial=_today_initial("published_on"),
    intro=lambda c: _("公布期限：%(d)s。") % {"d": c.publish_due},
)
contract_revise = _contract_action(
    forms.RevisionForm, gettext_lazy("退回修改"), services.revise_contract
)


contract_lapse = object_button_route(
    "workplace.change_contract", CONTRACT, route="workplace:contract",
    call=lambda request, c: services.confirm_in_force_by_lapse(actor=request.user, contract=c),
    done=gettext_lazy("已确认生效"),
)  # fmt: skip


@scoped_view("workplace.change_contract", lookup=CONTRACT)
def contract_renew(request, c):
    if request.method != "POST":
        return redirect("workplace:contract", pk=c.pk)
    try:
        consultation = services.start_renewal(actor=request.user, contract=c)
    except ValidationError as exc:
        messages.error(request, joined(exc.messages, "semicolon"))
        return redirect("workplace:contract", pk=c.pk)
    messages.success(request, _("已发起续签协商"))
    return redirect("workplace:consultation", pk=consultation.pk)


@scoped_view("workplace.view_contract", lookup=CONTRACT)
def contract_pdf(request, c):
    return pdf_response(
        "workplace/pdf/contract.html",
        {"c": c, "covered": c.covered_employers.all()},
        f"{c.title}.pdf",
        request=request,
    )


@scoped_view("workplace.view_contract", lookup=CONTRACT)
def contract_filing_pdf(request, c):
    return pdf_response(
        "workplace/pdf/filing_form.html",
        {
            "c": c,
            "covered": c.covered_employers.all(),
            "reps": c.consultation.representatives.all() if c.consultation else [],
            "rounds": c.consultation.rounds.count() if c.consultation else 0,
        },
        _("集体合同审查登记表-{title}.pdf").format(title=c.title),
        request=request,
    )


@scoped_view("workplace.view_contract")
def contract_stats(request):
    code = request.GET.get("org", "").strip()
    org = (Org.objects.visible().filter(code=code).first() if code else None) or _scope_org(request)
    total, rows = selectors.contract_breakdown(org)
    expiring = selectors.expiring_contracts().filter(subtree_q(org.path))[:50]
    return render(
        request,
        "workplace/contract_stats.html",
        {"org": org, "stats": total, "rows": rows, "expiring": expiring},
    )
