"""Pages of programmes, cycles, budgets, entitlements and payments, and the payment-list PDF."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import act, refusal, submit
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import org_in_scope

from .. import forms, programmes, selectors
from ..enums import WORKER_PROGRAMMES, FileStatus
from ..models import Cycle, Entitlement, HardshipFile, JoblessWorker, Payment, Programme
from ._common import _form_page, object_form, today, with_org

_CYCLE = Lookup(lambda: Cycle.objects.select_related("programme", "org"), name="cycle")
_PAYMENT = Lookup(lambda: Payment.objects.select_related("entitlement"), name="payment")
_ENTITLEMENT = Lookup(
    lambda: Entitlement.objects.select_related("cycle__programme", "file__applicant", "worker"),
    name="entitlement",
)


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
    return submit(
        request,
        form,
        programmes.create_programme,
        org=request.scope.org,
        then=lambda programme: ("assistance:programme", programme.pk),
    ) or _form_page(request, form, _("新建帮扶项目"), back="assistance:programmes")


@scoped_view(
    "assistance.view_programme",
    lookup=Lookup(lambda: Programme.objects.select_related("org"), name="programme"),
)
def programme_detail(request, programme):
    can_manage = request.scope.has_perm("assistance.manage_programme")
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = forms.CycleForm(request.POST or None, initial={"year": timezone.localdate().year})
    return submit(
        request,
        form,
        programmes.open_cycle,
        programme=programme,
        then=lambda cycle: ("assistance:cycle", cycle.pk),
    ) or render(
        request,
        "assistance/programme_detail.html",
        {
            "programme": programme,
            "cycles": selectors.cycles_of(programme),
            "form": form,
            "can_manage": can_manage and org_in_scope(programme.org),
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
    # budgets are the organiser's to allocate (set_budget): a union below sees no button
    can["manage_programme"] = can["manage_programme"] and org_in_scope(cycle.org)
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
    return submit(
        request,
        form,
        programmes.set_budget,
        cycle=cycle,
        data=with_org,
        then=("assistance:cycle", cycle.pk),
        success=_("已设置预算"),
    ) or _form_page(request, form, _("设置预算"))


def _filed_household(data):
    """The nominee of a household programme: a filed file by number (in scope), and the
    student of the household named in the form, if any."""
    if not data["file_number"]:
        raise ValidationError({"file_number": _("请填写档案编号")})
    file = HardshipFile.objects.filter(
        number=data["file_number"].strip(), status=FileStatus.FILED
    ).first()
    if file is None:
        raise ValidationError({"file_number": _("找不到已建档的该档案（或不在您的管理范围内）")})
    student = None
    if data["student_name"]:
        student = file.household.filter(name=data["student_name"].strip()).first()
    return {
        "file": file,
        "student": student,
        "amount": data["amount"],
        "own_share": data["own_share"],
        "fund_source": data["fund_source"] or None,
    }


def _registered_worker(data):
    """The nominee of a worker programme: a registered laid-off/unemployed worker, found by ID
    number in scope."""
    from gonghui.core.fields import blind_index_for
    from gonghui.core.text.idnumbers import normalize_id_number

    clear = data["worker_id_number"].strip()
    worker = None
    if clear:
        index = blind_index_for(
            JoblessWorker, "id_number", normalize_id_number(clear) or clear.upper()
        )
        worker = JoblessWorker.objects.filter(id_number_index=index).first()
    if worker is None:
        raise ValidationError({"worker_id_number": _("找不到登记的该职工（或不在您的管理范围内）")})
    return {"worker": worker, "amount": data["amount"], "fund_source": data["fund_source"] or None}


@scoped_view("assistance.nominate", lookup=_CYCLE)
def nominate(request, cycle):
    form = forms.NominateForm(
        request.POST or None, initial={"file_number": request.GET.get("file", "")}
    )
    if cycle.programme.kind in WORKER_PROGRAMMES:
        service, nominee = programmes.nominate_worker, _registered_worker
    else:
        service, nominee = programmes.nominate, _filed_household
    done = submit(
        request,
        form,
        service,
        cycle=cycle,
        data=nominee,
        then=("assistance:cycle", cycle.pk),
        success=_("已列入名单"),
    )
    if service is programmes.nominate_worker:
        for name in ("file_number", "student_name", "own_share"):
            form.fields.pop(name, None)
    return done or _form_page(request, form, _("申报名单"))


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
            messages.error(request, refusal(exc))
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
    act(
        request,
        lambda: programmes.close_cycle(actor=request.user, cycle=cycle),
        _("本批次已结束，不再接受申报和审批"),
    )
    return redirect("assistance:cycle", pk=cycle.pk)


@require_POST
@scoped_view("assistance.confirm_payment", lookup=_PAYMENT)
def payment_confirm(request, payment):
    act(
        request,
        lambda: programmes.confirm_payment(actor=request.user, payment=payment),
        _("已复核发放"),
    )
    return redirect("assistance:payments", pk=payment.cycle_id)


def _cycle_form(permission, lookup, form_class, service, title, success, **options):
    """A form about an entitlement or a payment, back to its cycle (``object_form``); the
    service's PermissionDenied (four eyes) shows on the form unless ``refusals=False``."""
    options.setdefault("refusals", True)
    return object_form(
        permission, form_class, service, title, success, lookup=lookup, back=_to_cycle, **options
    )


def _to_cycle(obj):
    return ("assistance:cycle", obj.cycle_id)


def _new_key(_obj=None):
    return {"idempotency_key": uuid.uuid4().hex}


entitlement_exclude = _cycle_form(
    "assistance.approve_list",
    _ENTITLEMENT,
    forms.RequiredReasonForm,
    programmes.exclude_entitlement,
    gettext_lazy("排除出名单"),
    "",
    refusals=False,
)
payment_record = _cycle_form(
    "assistance.record_payment",
    _ENTITLEMENT,
    forms.PaymentForm,
    programmes.record_payment,
    lambda entitlement: _("登记发放：%(name)s") % {"name": entitlement.beneficiary_name},
    gettext_lazy("已登记发放"),
    initial=lambda _entitlement: {"paid_on": timezone.localdate(), **_new_key()},
)
warmth_visit = _cycle_form(
    "assistance.record_payment",
    _ENTITLEMENT,
    forms.WarmthVisitForm,
    programmes.record_warmth_visit,
    gettext_lazy("慰问走访与签收"),
    "",
    initial=today("visited_on"),
    refusals=False,
)
# A recorded 送温暖 sign-off is corrected as its own audited act, with a reason.
signoff_correct = _cycle_form(
    "assistance.reverse_payment",
    _ENTITLEMENT,
    forms.SignoffCorrectionForm,
    programmes.correct_warmth_signoff,
    gettext_lazy("更正签收日期"),
    gettext_lazy("已更正签收日期（留痕）"),
)
payment_reverse = _cycle_form(
    "assistance.reverse_payment",
    _PAYMENT,
    forms.ReverseForm,
    programmes.reverse_payment,
    gettext_lazy("冲正发放记录"),
    gettext_lazy("已冲正"),
    initial=_new_key,
)


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
