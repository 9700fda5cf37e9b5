"""Statements, unknown payers, employers' declared payroll, arrears by street with reminders,
and the reconciliation report."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.orgs.models import Employer

from .. import exporters, selectors
from ..enums import LineStatus
from ..forms import EmployerFundsForm, MatchForm, PeriodForm, UnmatchForm
from ..models import EmployerFunds, PayerAlias, StatementLine
from ..services import remittances as services
from ._common import form_page, page_of, run_action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


@scoped_view("funds.view_funds")
def statements(request):
    status = request.GET.get("status", "")
    qs = selectors.statement_lines()
    if status in LineStatus.values:
        qs = qs.filter(status=status)
    context = {"page": page_of(request, qs), "status": status, "statuses": LineStatus.choices}
    return render(request, "funds/statements.html", context)


@scoped_view("funds.view_funds")
def unmatched(request):
    context = {"payers": list(selectors.unmatched_lines()[:200]), "form": MatchForm()}
    return render(request, "funds/unmatched.html", context)


@scoped_view("funds.match_payer", lookup=Lookup(lambda: StatementLine.objects.all(), name="line"))
def match(request, line):
    form = MatchForm(request.POST or None)
    return form_page(
        request, form, title=_("匹配缴款单位：%(name)s") % {"name": line.payer_name},
        back=reverse("funds:unmatched"),
        on_valid=lambda d: _matched(request, line, d["credit_code"]),
        intro=_("匹配一次后系统记住该缴款单位，今后的到账自动入账。"),
    )  # fmt: skip


def _matched(request, line, employer):
    n = services.match_payer(actor=request.user, line=line, employer=employer)
    messages.info(request, _("已入账 %(n)s 笔") % {"n": n})
    return reverse("funds:unmatched")


@scoped_view("funds.view_funds")
def matches(request):
    qs = PayerAlias.objects.select_related("employer", "created_by").order_by("payer_name", "pk")
    return render(request, "funds/matches.html", {"page": page_of(request, qs)})


@scoped_view("funds.match_payer", lookup=Lookup(PayerAlias, name="alias"))
def unmatch(request, alias):
    form = UnmatchForm(request.POST or None)

    def undo(d):
        n = services.unmatch_payer(actor=request.user, alias=alias, reason=d["reason"])
        messages.info(request, _("已冲正 %(n)s 笔，这些到账重新等待匹配") % {"n": n})
        return reverse("funds:unmatched")

    title = _("撤销匹配：%(payer)s → %(employer)s") % {
        "payer": alias.payer_name, "employer": alias.employer.name,
    }  # fmt: skip
    intro = _("该缴款单位已入账的到账全部冲正（各级分成一并冲回），系统忘记这一对应；"
              "这些到账回到“待匹配”，可以重新匹配到正确的单位。")  # fmt: skip
    return form_page(request, form, title=title, back=reverse("funds:matches"), on_valid=undo,
                     intro=intro)  # fmt: skip


@scoped_view("funds.view_funds")
def employers(request):
    rate = services.rate()
    qs = Employer.objects.select_related("org", "funds").order_by("org__path", "name")
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(name__contains=q)
    page = page_of(request, qs)
    for e in page:
        profile = getattr(e, "funds", None)
        e.payroll = profile.monthly_payroll if profile else None
        e.expected = services.expected_amount(profile.monthly_payroll, 1) if profile else None
        e.kind_label = services.fund_kind_of(e).label
    return render(request, "funds/employers.html", {"page": page, "rate": rate, "q": q})


@scoped_view(
    "funds.manage_employer_funds",
    lookup=Lookup(lambda: Employer.objects.select_related("org"), name="employer"),
)
def employer_edit(request, employer):
    # Unscoped: the profile of an employer the route looked up in scope.
    profile = EmployerFunds.unscoped.filter(employer=employer).first()
    initial = {"monthly_payroll": profile.monthly_payroll if profile else "",
               "contact_name": profile.contact_name if profile else "",
               "contact_phone": profile.contact_phone if profile else ""}  # fmt: skip
    form = EmployerFundsForm(request.POST or None, initial=initial)

    def save(d):
        services.set_employer_funds(actor=request.user, employer=employer, **d)
        return reverse("funds:employers")

    return form_page(request, form, title=_("单位经费信息：%(name)s") % {"name": employer.name},
                     back=reverse("funds:employers"), on_valid=save)  # fmt: skip


@scoped_view("funds.view_funds")
def arrears(request):
    form, year, month = PeriodForm.from_request(request)
    rows = selectors.arrears_rows(year, month)
    context = {"form": form, "year": year, "month": month, "groups": selectors.arrears_by_street(rows),
               "total": sum((r.owed for r in rows), selectors.ZERO), "count": len(rows)}  # fmt: skip
    return render(request, "funds/arrears.html", context)


@scoped_view("funds.send_reminders")
@require_POST
def remind(request):
    _form, year, month = PeriodForm.from_request(request)
    ids = [int(i) for i in request.POST.getlist("employer") if i.isdigit()][:5000]
    chosen = list(Employer.objects.filter(pk__in=ids))
    back = f"{reverse('funds:arrears')}?year={year}&month={month}"
    return run_action(
        request,
        lambda: services.send_arrears_reminders(
            actor=request.user, employers=chosen, year=year, month=month
        ),
        back,
        done=lambda r: (
            _("已发送提醒短信 %(sent)s 条，跳过 %(skipped)s 家（无手机号或近期已提醒）")
            % {"sent": r[0], "skipped": r[1]}
        ),
    )


@scoped_view("funds.export")
def arrears_export(request):
    _form, year, month = PeriodForm.from_request(request)
    data = exporters.arrears_workbook(selectors.arrears_rows(year, month), year, month)
    return xlsx_response(
        data, _("欠缴工会经费-%(year)s年%(month)s月") % {"year": year, "month": month} + ".xlsx"
    )


@scoped_view("funds.view_funds")
def reconcile(request):
    form, year, month = PeriodForm.from_request(request)
    context = {"form": form, **selectors.reconciliation(year, month)}
    return render(request, "funds/reconcile.html", context)


@scoped_view("funds.export")
def reconcile_export(request):
    _form, year, month = PeriodForm.from_request(request)
    data = exporters.reconciliation_workbook(selectors.reconciliation(year, month))
    return xlsx_response(
        data, _("经费对账-%(year)s年%(month)s月") % {"year": year, "month": month} + ".xlsx"
    )
