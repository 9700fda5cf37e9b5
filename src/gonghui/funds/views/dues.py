"""Members' dues: the union's rate, monthly rolls, marking paid, arrears; a member's own."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.text.punctuation import joined
from gonghui.members.models import KEEPS_MEMBERSHIP, Member

from .. import selectors
from ..forms import DuesBaseForm, DuesRateForm, RollForm
from ..models import DuesBase, DuesLine, DuesRate, DuesRoll
from ..services import dues as services
from ._common import form_page, page_of, run_action, scope_org


@scoped_view("funds.view_funds")
def dues_home(request):
    org = scope_org(request)
    context = {
        "org": org, "rolls": page_of(request, DuesRoll.objects.select_related("org")),
        "rate": DuesRate.objects.filter(org=org).first(),
        # the month offered is this one (China time): the roll staff make at the month's start
        "form": RollForm(initial={"month": timezone.localdate().strftime("%Y-%m")}),
        "default_rate": services.config.get("funds.dues_rate_pct"),
    }  # fmt: skip
    return render(request, "funds/dues.html", context)


@scoped_view("funds.manage_dues")
def dues_rate(request):
    org = scope_org(request)
    form = DuesRateForm(request.POST or None)

    def save(d):
        services.set_dues_rate(actor=request.user, org=org, rate_pct=d["rate_pct"],
                               bands_text=d["bands"], valid_from=d["valid_from"])  # fmt: skip
        return reverse("funds:dues")

    return form_page(request, form, title=_("设置会费比例"), back=reverse("funds:dues"), on_valid=save,
                     intro=_("分档：每行写“工资上限 比例”，工资不超过上限的按该档比例；超过所有上限的按会费比例。"))  # fmt: skip


@scoped_view("funds.manage_dues")
@require_POST
def roll_generate(request):
    org = scope_org(request)
    form = RollForm(request.POST)
    if not form.is_valid():
        messages.error(request, joined(form.errors["month"], "semicolon"))
        return redirect("funds:dues")
    month = services.month_of(form.cleaned_data["month"])
    return run_action(request, lambda: services.generate_roll(actor=request.user, org=org, month=month),
                      reverse("funds:dues"),
                      done=lambda r: _("会费清册已生成，新增 %(n)s 人") % {"n": r[1]})  # fmt: skip


@scoped_view(
    "funds.view_funds", lookup=Lookup(lambda: DuesRoll.objects.select_related("org"), name="roll")
)
def roll_detail(request, roll):
    lines = DuesLine.objects.filter(roll=roll).select_related("member")
    return render(
        request, "funds/dues_roll.html", {"roll": roll, "page": page_of(request, lines, 200)}
    )


@scoped_view("funds.manage_dues", lookup=Lookup(lambda: DuesRoll.objects.all(), name="roll"))
def roll_pay(request, roll):
    ids = [int(i) for i in request.POST.getlist("line") if i.isdigit()][:5000]
    lines = list(DuesLine.objects.filter(roll=roll, pk__in=ids))
    return run_action(request, lambda: services.mark_dues_paid(actor=request.user, lines=lines),
                      reverse("funds:dues_roll", args=[roll.pk]),
                      done=lambda n: _("已登记缴纳 %(n)s 人") % {"n": n})  # fmt: skip


@scoped_view(
    "funds.manage_dues", lookup=Lookup(lambda: Member.objects.select_related("org"), name="member")
)
def dues_base(request, member):
    # Unscoped: the base of a member the route looked up in scope.
    base = DuesBase.unscoped.filter(member=member).first()
    form = DuesBaseForm(request.POST or None,
                        initial={"wage": base.wage if base else "", "method": base.method if base else "payroll"})  # fmt: skip

    def save(d):
        services.set_dues_base(
            actor=request.user, member=member, wage=d["wage"], method=d["method"]
        )
        return reverse("funds:dues")

    return form_page(request, form, title=_("会费工资基数：%(name)s") % {"name": member.name},
                     back=reverse("funds:dues"), on_valid=save)  # fmt: skip


@scoped_view("funds.view_funds")
def dues_arrears(request):
    return render(
        request, "funds/dues_arrears.html", {"page": page_of(request, selectors.dues_arrears())}
    )


def _member_of(user):
    """The member record linked to ``user`` while membership lasts (one per login)."""
    return (
        # Unscoped: the signed-in member's own record (a member's scope is their union).
        Member.unscoped.filter(user=user, status__in=KEEPS_MEMBERSHIP).select_related("org").first()
    )


@scoped_view("funds.view_own_dues")
def my_dues(request):
    member = _member_of(request.user)
    if member is None:
        raise PermissionDenied
    lines = list(selectors.own_dues(member)[:36])
    owed = sum((line.amount for line in lines if line.is_unpaid), selectors.ZERO)
    return render(request, "funds/my_dues.html", {"member": member, "lines": lines, "owed": owed})
