"""The grassroots union's books: budget, expenses with receipts and two-person approval, the
audit committee's review, and the annual income and spending report (PDF and .xlsx)."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pdf import pdf_response
from gonghui.orgs.models import GRASSROOTS_KINDS, Org

from .. import exporters, selectors
from ..enums import BudgetStatus
from ..forms import (
    AnswerForm,
    BudgetLineForm,
    ConcludeForm,
    ExpenseForm,
    FindingForm,
    ReasonForm,
    ReceiptForm,
)  # fmt: skip
from ..models import AuditReview, BudgetLine, Expense, Finding, Receipt
from ..services import books as services
from ._common import form_page, run_action, scope_org
from .remittances import xlsx_response


def _year(request):
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@scoped_view("funds.view_funds")
def books_home(request):
    org = scope_org(request)
    if org.kind in GRASSROOTS_KINDS:
        return redirect("funds:books", code=org.code)
    unions = Org.objects.visible().filter(kind__in=GRASSROOTS_KINDS).active()[:500]
    return render(request, "funds/books_home.html", {"unions": unions})


@scoped_view(
    "funds.view_funds", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code")
)
def books(request, org):
    year = _year(request)
    report = selectors.annual_report(org, year)
    context = {
        "org": org, "year": year, "report": report,
        "drafts": BudgetLine.objects.filter(org=org, year=year, status=BudgetStatus.DRAFT),
        "expenses": selectors.expenses_of(org, year),
        "review": AuditReview.objects.filter(org=org, year=year).first(),
    }  # fmt: skip
    return render(request, "funds/books.html", context)


def _back(org, year):
    return f"{reverse('funds:books', args=[org.code])}?year={year}"


@scoped_view(
    "funds.manage_budget", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code")
)
def budget_add(request, org):
    year = _year(request)
    form = BudgetLineForm(request.POST or None, initial={"year": year})

    def save(d):
        services.add_budget_line(actor=request.user, org=org, **d)
        return _back(org, d["year"])

    return form_page(request, form, title=_("新增预算项目"), back=_back(org, year), on_valid=save)


@scoped_view(
    "funds.approve_budget", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code")
)
def budget_approve(request, org):
    year = _year(request)
    return run_action(request, lambda: services.approve_budget(actor=request.user, org=org, year=year),
                      _back(org, year))  # fmt: skip


@scoped_view(
    "funds.record_expense", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code")
)
def expense_add(request, org):
    year = _year(request)
    lines = BudgetLine.objects.filter(org=org, status=BudgetStatus.APPROVED).order_by(
        "-year", "category"
    )
    form = ExpenseForm(request.POST or None, request.FILES or None, lines=lines,
                       initial={"spent_on": timezone.localdate()})  # fmt: skip

    def save(d):
        from django.db import transaction

        with transaction.atomic():
            expense = services.record_expense(
                actor=request.user, budget_line=d["budget_line"], spent_on=d["spent_on"],
                payee=d["payee"], purpose=d["purpose"], amount=d["amount"],
            )  # fmt: skip
            services.attach_receipt(actor=request.user, expense=expense, upload=d["receipt"])
        return reverse("funds:expense", args=[expense.pk])

    return form_page(request, form, title=_("记录支出"), back=_back(org, year), on_valid=save, multipart=True,
                     intro=_("支出记录后须由另一位工会负责人审批后才入账。"))  # fmt: skip


EXPENSE_PAGE = Lookup(
    lambda: Expense.objects.select_related("org", "budget_line", "recorded_by", "approved_by"),
    name="expense",
)


@scoped_view("funds.view_funds", lookup=EXPENSE_PAGE)
def expense_detail(request, expense):
    context = {"e": expense, "receipts": expense.receipts.all(), "receipt_form": ReceiptForm(),
               "reason_form": ReasonForm()}  # fmt: skip
    return render(request, "funds/expense.html", context)


@scoped_view(
    "funds.record_expense",
    lookup=Lookup(lambda: Expense.objects.select_related("org"), name="expense"),
)
def expense_receipt(request, expense):
    form = ReceiptForm(request.POST or None, request.FILES or None)
    back = reverse("funds:expense", args=[expense.pk])

    def save(d):
        services.attach_receipt(actor=request.user, expense=expense, upload=d["receipt"])
        return back

    return form_page(request, form, title=_("添加凭证"), back=back, on_valid=save, multipart=True)


@scoped_view("funds.approve_expense", lookup=Lookup(lambda: Expense.objects.all(), name="expense"))
def expense_approve(request, expense):
    return run_action(request, lambda: services.approve_expense(actor=request.user, expense=expense),
                      reverse("funds:expense", args=[expense.pk]))  # fmt: skip


@scoped_view("funds.approve_expense", lookup=Lookup(lambda: Expense.objects.all(), name="expense"))
def expense_reject(request, expense):
    form = ReasonForm(request.POST or None)
    back = reverse("funds:expense", args=[expense.pk])

    def save(d):
        services.reject_expense(actor=request.user, expense=expense, reason=d["reason"])
        return back

    return form_page(request, form, title=_("退回支出"), back=back, on_valid=save)


@scoped_view("funds.view_funds", lookup=Lookup(lambda: Receipt.objects.all(), name="receipt"))
def receipt_download(request, receipt):
    try:
        handle = receipt.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=receipt.content_type, as_attachment=True,
                            filename=receipt.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the audit committee -------------------------------------------------------------------


@scoped_view(
    "funds.review_accounts", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code")
)
def review_open(request, org):
    year = _year(request)
    if request.method != "POST":
        return redirect(_back(org, year))
    return run_action(request, lambda: services.open_review(actor=request.user, org=org, year=year),
                      _back(org, year))  # fmt: skip


@scoped_view(
    "funds.view_funds",
    lookup=Lookup(lambda: AuditReview.objects.select_related("org", "reviewer"), name="review"),
)
def review_detail(request, review):
    context = {"review": review, "findings": review.findings.select_related("answered_by"),
               "finding_form": FindingForm(), "answer_form": AnswerForm(), "conclude_form": ConcludeForm()}  # fmt: skip
    return render(request, "funds/review.html", context)


@scoped_view(
    "funds.review_accounts", lookup=Lookup(lambda: AuditReview.objects.all(), name="review")
)
def finding_add(request, review):
    back = reverse("funds:review", args=[review.pk])
    form = FindingForm(request.POST or None)
    return form_page(request, form, title=_("记录审查发现"), back=back,
                     on_valid=lambda d: (services.add_finding(actor=request.user, review=review, text=d["text"]), back)[1])  # fmt: skip


@scoped_view(
    "funds.answer_findings",
    lookup=Lookup(lambda: Finding.objects.select_related("review"), name="finding"),
)
def finding_answer(request, finding):
    back = reverse("funds:review", args=[finding.review_id])
    form = AnswerForm(request.POST or None)
    return form_page(request, form, title=_("答复审查发现"), back=back,
                     on_valid=lambda d: (services.answer_finding(actor=request.user, finding=finding, answer=d["answer"]), back)[1])  # fmt: skip


@scoped_view(
    "funds.review_accounts", lookup=Lookup(lambda: AuditReview.objects.all(), name="review")
)
def review_conclude(request, review):
    back = reverse("funds:review", args=[review.pk])
    form = ConcludeForm(request.POST or None)
    return form_page(request, form, title=_("结束经费审查"), back=back,
                     on_valid=lambda d: (services.conclude_review(actor=request.user, review=review, opinion=d["opinion"]), back)[1])  # fmt: skip


# --- the annual report -------------------------------------------------------------------


def _report_context(org, year):
    return {
        "r": selectors.annual_report(org, year),
        "review": AuditReview.objects.filter(org=org, year=year).first(),
        "printed_on": timezone.localdate(),
    }


@scoped_view("funds.export", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code"))
def report_pdf(request, org):
    year = _year(request)
    return pdf_response("funds/pdf/annual_report.html", _report_context(org, year),
                        _("%(org)s-%(year)s年经费收支报告") % {"org": org.name, "year": year} + ".pdf", request=request)  # fmt: skip


@scoped_view("funds.export", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code"))
def report_xlsx(request, org):
    year = _year(request)
    data = exporters.annual_report_workbook(_report_context(org, year))
    return xlsx_response(
        data, _("%(org)s-%(year)s年经费收支报告") % {"org": org.name, "year": year} + ".xlsx"
    )
