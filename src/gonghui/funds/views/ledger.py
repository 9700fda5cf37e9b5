"""Balances rolled up the tree, an org's ledger, entries and their reversal, sharing rules,
transfers down and up."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.orgs.models import Org

from .. import selectors
from ..forms import ReverseForm, RuleForm, TransferForm
from ..models import Entry, Posting, SharingRule
from ..services import ledger as services
from ._common import form_page, page_of, scope_org


@scoped_view("funds.view_funds")
def overview(request):
    org = scope_org(request)
    context = {
        "org": org,
        "rows": selectors.balance_table(org),
        "accounts": selectors.account_balances(org),
    }
    return render(request, "funds/overview.html", context)


@scoped_view(
    "funds.view_funds", lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code")
)
def org_ledger(request, org):
    context = {
        "org": org, "rows": selectors.balance_table(org), "accounts": selectors.account_balances(org),
        "page": page_of(request, selectors.postings_of(org)),
    }  # fmt: skip
    return render(request, "funds/org_ledger.html", context)


@scoped_view("funds.view_funds", lookup=Lookup(lambda: selectors.entries(), name="entry"))
def entry_detail(request, entry):
    postings = Posting.objects.filter(entry=entry).select_related("org").order_by("org__path", "id")
    context = {"entry": entry, "postings": postings, "form": ReverseForm(),
               "reversal": Entry.objects.filter(reverses=entry).first()}  # fmt: skip
    return render(request, "funds/entry.html", context)


@scoped_view("funds.reverse_entry", lookup=Lookup(lambda: selectors.entries(), name="entry"))
def entry_reverse(request, entry):
    form = ReverseForm(request.POST or None)
    return form_page(
        request, form, title=_("冲正凭证"), back=reverse("funds:entry", args=[entry.pk]),
        on_valid=lambda d: reverse("funds:entry", args=[services.reverse_entry(
            actor=request.user, entry=entry, reason=d["reason"]).pk]),
    )  # fmt: skip


@scoped_view("funds.view_funds")
def rules(request):
    context = {
        "rules": SharingRule.objects.select_related("created_by"),
        "defaults": services.DEFAULT_SHARES,
    }
    return render(request, "funds/rules.html", context)


@scoped_view("funds.manage_rules")
def rule_add(request):
    form = RuleForm(request.POST or None)

    def save(d):
        services.add_sharing_rule(actor=request.user, kind=d["kind"], valid_from=d["valid_from"],
                                  grassroots=d["grassroots"], street=d["street"],
                                  district=d["district"], upper=d["upper"], note=d["note"])  # fmt: skip
        return reverse("funds:rules")

    return form_page(request, form, title=_("新版分成比例"), back=reverse("funds:rules"), on_valid=save,
                     intro=_("新比例从起用日期起适用；此前到账的款项仍按当时的比例分成。"))  # fmt: skip


@scoped_view("funds.record_transfer")
def transfer_add(request):
    form = TransferForm(request.POST or None, initial={"payer": scope_org(request).code})

    def save(d):
        entry = services.record_transfer(actor=request.user, payer=d["payer"], payee=d["payee"],
                                         amount=d["amount"], on=d["on"], memo=d["memo"],
                                         reference=d["reference"])  # fmt: skip
        return reverse("funds:entry", args=[entry.pk])

    return form_page(request, form, title=_("记录拨付/上解"), back=reverse("funds:overview"), on_valid=save,
                     intro=_("拨付：付给下级工会；上解：交给上级工会（区总工会上解市总及以上时收款单位留空）。同一银行凭证号只记一次账。"))  # fmt: skip
