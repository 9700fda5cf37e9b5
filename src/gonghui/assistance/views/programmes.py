"""Pages of programmes, cycles, budgets, entitlements and payments, and the payment-list PDF."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import audit, config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors, call_service
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import org_in_scope
from gonghui.orgs.models import Org

from .. import forms, programmes, selectors
from ..enums import WORKER_PROGRAMMES, FileStatus
from ..models import Cycle, Entitlement, HardshipFile, JoblessWorker, Payment, Programme

_CYCLE = Lookup(lambda: Cycle.objects.select_related("programme", "org"), name="cycle")
_ENTITLEMENT = Lookup(
    lambda: Entitlement.objects.select_related("cycle__programme", "file__applicant", "worker"),
    name="entitlement",
)


def _form(request, form, title, back):
    return render(request, "assistance/form.html", {"form": form, "title": title, "back": back})


@scoped_view("assistance.view_programme")
def programme_list(request):
    return render(
        request,
        "assistance/programme_list.html",
        {
            "programmes": selectors.programmes().order_by("-created_at")[:100],
            "can_manage": request.scope.has_perm("assistance.manage_programme"),
        },
    )


@scoped_view("assistance.manage_programme")
def programme_new(request):
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = request.scope.org
        programme = programmes.create_programme(actor=request.user, org=org, **form.cleaned_data)
        return redirect("assistance:programme", pk=programme.pk)
    return _form(request, form, _("新建帮扶项目"), "assistance:programmes")


@scoped_view("assistance.view_programme", lookup=Lookup(lambda: Programme.objects.select_related("org"), name="programme"))
def programme_detail(request, programme):
    form = forms.CycleForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not request.scope.has_perm("assistance.manage_programme"):
            raise PermissionDenied
        if form.is_valid():
            cycle, ok = call_service(
                form,
                programmes.open_cycle,
                actor=request.user,
                programme=programme,
                **form.cleaned_data,
            )
            if ok:
                return redirect("assistance:cycle", pk=cycle.pk)
    return render(
        request,
        "assistance/programme_detail.html",
        {
            "programme": programme,
            "cycles": selectors.cycles_of(programme),
            "form": form,
            "can_manage": request.scope.has_perm("assistance.manage_programme")
            and org_in_scope(programme.org),
        },
    )


@scoped_view("assistance.view_programme", lookup=_CYCLE)
def cycle_detail(request, cycle):
    can = {
        p: request.scope.has_perm(f"assistance.{p}")
        for p in (
            "manage_programme",
            "nominate",
            "approve_list",
            "record_payment",
            "reverse_payment",
            "override_flag",
            "close_cycle",
        )
    }
    return render(
        request,
        "assistance/cycle_detail.html",
        {
            "cycle": cycle,
            "summary": selectors.cycle_summary(cycle),
            "entitlements": selectors.entitlements(cycle),
            "can": can,
            "nominate_form": forms.NominateForm(),
            "budget_form": forms.BudgetForm(),
            "new_key": uuid.uuid4().hex,
        },
    )


@scoped_view("assistance.manage_programme", lookup=_CYCLE)
def budget_set(request, cycle):
    form = forms.BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = Org.objects.visible().filter(code=data["org_code"].strip()).first()
        if org is None:
            form.add_error("org_code", _("找不到该组织代码（或不在您的管理范围内）"))
        else:
            _result, ok = call_service(
                form,
                programmes.set_budget,
                actor=request.user,
                cycle=cycle,
                org=org,
                fund_source=data["fund_source"],
                amount=data["amount"],
            )
            if ok:
                messages.success(request, _("已设置预算"))
                return redirect("assistance:cycle", pk=cycle.pk)
    return _form(request, form, _("设置预算"), None)


@scoped_view("assistance.nominate", lookup=_CYCLE)
def nominate(request, cycle):
    form = forms.NominateForm(
        request.POST or None, initial={"file_number": request.GET.get("file", "")}
    )
    if cycle.programme.kind in WORKER_PROGRAMMES:
        return _nominate_worker(request, cycle, form)
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["file_number"]:
        form.add_error("file_number", _("请填写档案编号"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file = HardshipFile.objects.filter(
            number=data["file_number"].strip(), status=FileStatus.FILED
        ).first()
        student = None
        if file is not None and data["student_name"]:
            student = file.household.filter(name=data["student_name"].strip()).first()
        if file is None:
            form.add_error("file_number", _("找不到已建档的该档案（或不在您的管理范围内）"))
        else:
            _result, ok = call_service(
                form,
                programmes.nominate,
                actor=request.user,
                cycle=cycle,
                file=file,
                student=student,
                amount=data["amount"],
                own_share=data["own_share"],
                fund_source=data["fund_source"] or None,
            )
            if ok:
                messages.success(request, _("已列入名单"))
                return redirect("assistance:cycle", pk=cycle.pk)
    return _form(request, form, _("申报名单"), None)


def _nominate_worker(request, cycle, form):
    """Nominate a registered laid-off/unemployed worker, found by ID number in scope."""
    from gonghui.core.fields import blind_index_for
    from gonghui.core.text.idnumbers import normalize_id_number

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        clear = data["worker_id_number"].strip()
        worker = None
        if clear:
            index = blind_index_for(
                JoblessWorker, "id_number", normalize_id_number(clear) or clear.upper()
            )
            worker = JoblessWorker.objects.filter(id_number_index=index).first()
        if worker is None:
            form.add_error("worker_id_number", _("找不到登记的该职工（或不在您的管理范围内）"))
        else:
            _result, ok = call_service(
                form,
                programmes.nominate_worker,
                actor=request.user,
                cycle=cycle,
                worker=worker,
                amount=data["amount"],
                fund_source=data["fund_source"] or None,
            )
            if ok:
                messages.success(request, _("已列入名单"))
                return redirect("assistance:cycle", pk=cycle.pk)
    for name in ("file_number", "student_name", "own_share"):
        form.fields.pop(name, None)
    return _form(request, form, _("申报名单"), None)


@scoped_view("assistance.approve_list", lookup=_CYCLE)
def approve_list(request, cycle):
    """Approve the ticked households (``ids``), or one (``id``), or the whole pending list;
    each is checked and debited on its own, and the refused ones are listed with the reason."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        if request.POST.get("scope") != "all" and not ids:
            messages.error(request, _("请勾选要审批的对象"))
            return redirect("assistance:cycle", pk=cycle.pk)
        try:
            result = programmes.approve_list(
                actor=request.user,
                cycle=cycle,
                entitlement_ids=ids if request.POST.get("scope") != "all" else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request, _("已审批 %(n)s 人/户，预算已逐户扣减") % {"n": len(result.approved)}
            )
            for line in result.messages:
                messages.error(request, _("未审批：%(line)s") % {"line": line})
    return redirect("assistance:cycle", pk=cycle.pk)


@require_POST
@scoped_view("assistance.close_cycle", lookup=_CYCLE)
def cycle_close(request, cycle):
    try:
        programmes.close_cycle(actor=request.user, cycle=cycle)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("本批次已结束，不再接受申报和审批"))
    return redirect("assistance:cycle", pk=cycle.pk)


@require_POST
@scoped_view("assistance.confirm_payment", lookup=Lookup(lambda: Payment.objects.select_related("entitlement"), name="payment"))
def payment_confirm(request, payment):
    try:
        programmes.confirm_payment(actor=request.user, payment=payment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已复核发放"))
    return redirect("assistance:payments", pk=payment.cycle_id)


@scoped_view("assistance.approve_list", lookup=_ENTITLEMENT)
def entitlement_exclude(request, entitlement):
    form = forms.RequiredReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form,
            programmes.exclude_entitlement,
            actor=request.user,
            entitlement=entitlement,
            **form.cleaned_data,
        )
        if ok:
            return redirect("assistance:cycle", pk=entitlement.cycle_id)
    return _form(request, form, _("排除出名单"), None)


@scoped_view("assistance.record_payment", lookup=_ENTITLEMENT)
def payment_record(request, entitlement):
    form = forms.PaymentForm(
        request.POST or None,
        initial={"paid_on": timezone.localdate(), "idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programmes.record_payment(
                actor=request.user, entitlement=entitlement, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            messages.success(request, _("已登记发放"))
            return redirect("assistance:cycle", pk=entitlement.cycle_id)
    return _form(
        request, form, _("登记发放：%(name)s") % {"name": entitlement.beneficiary_name}, None
    )


@scoped_view("assistance.record_payment", lookup=_ENTITLEMENT)
def warmth_visit(request, entitlement):
    form = forms.WarmthVisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form,
            programmes.record_warmth_visit,
            actor=request.user,
            entitlement=entitlement,
            **form.cleaned_data,
        )
        if ok:
            return redirect("assistance:cycle", pk=entitlement.cycle_id)
    return _form(request, form, _("慰问走访与签收"), None)


@scoped_view("assistance.reverse_payment", lookup=_ENTITLEMENT)
def signoff_correct(request, entitlement):
    """A recorded 送温暖 sign-off is corrected as its own audited act, with a reason."""
    form = forms.SignoffCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programmes.correct_warmth_signoff(
                actor=request.user, entitlement=entitlement, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            messages.success(request, _("已更正签收日期（留痕）"))
            return redirect("assistance:cycle", pk=entitlement.cycle_id)
    return _form(request, form, _("更正签收日期"), None)


@scoped_view("assistance.reverse_payment", lookup=Lookup(lambda: Payment.objects.select_related("entitlement"), name="payment"))
def payment_reverse(request, payment):
    form = forms.ReverseForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        try:
            programmes.reverse_payment(actor=request.user, payment=payment, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(
                form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
            )
        else:
            messages.success(request, _("已冲正"))
            return redirect("assistance:cycle", pk=payment.cycle_id)
    return _form(request, form, _("冲正发放记录"), None)


@scoped_view("assistance.view_programme", lookup=_CYCLE)
def payment_list(request, cycle):
    return render(
        request,
        "assistance/payment_list.html",
        {
            "cycle": cycle,
            "payments": [(p, programmes.needs_confirmation(p)) for p in selectors.payments(cycle)],
            "can_confirm": request.scope.has_perm("assistance.confirm_payment"),
            "confirm_setting": config.describe("assistance.payment_confirm_above"),
        },
    )


@scoped_view("assistance.view_programme", lookup=_CYCLE)
def payment_list_pdf(request, cycle):
    """The payment list with signature columns (发放签收表); ID numbers masked."""
    rows = selectors.approved_entitlements(cycle)
    with transaction.atomic():
        audit.record(
            request.user, "assistance.payment_list.print", cycle, extra={"rows": len(rows)}
        )
        # Each file on the list has the print in its own history (an auditor filters by file).
        audit.record_many(
            request.user,
            "assistance.payment_list.print",
            [e.file for e in rows if e.file_id],
            extra={"cycle": cycle.name, "rows": len(rows)},
        )
    return pdf_response(
        "assistance/pdf/payment_list.html",
        {
            "cycle": cycle,
            "rows": rows,
            "printed_at": timezone.localtime(),
            "total": sum(e.amount for e in rows),
            "goods_total": sum(e.goods_value for e in rows),
        },
        _("发放签收表-{name}.pdf").format(name=cycle.name),
    )
