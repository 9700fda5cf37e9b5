"""The ledger: sharing rules, entries with their postings, and balances per org."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedModel
from gonghui.orgs.models import Org

from ..enums import Account, EntryKind, FundKind
from ._common import MONEY, AppendOnly


class SharingRule(ScopedModel, CreatedBy):
    """How one kind of money is split between the levels from ``valid_from`` on (a new version
    is a new row; the rule in force on a payment's date splits it)."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("制定单位")
    )
    kind = models.CharField(_("款项"), max_length=10, choices=FundKind.choices)
    valid_from = models.DateField(_("起用日期"))
    grassroots_pct = models.DecimalField(_("基层工会（%）"), max_digits=5, decimal_places=2)
    street_pct = models.DecimalField(_("街道/产业工会（%）"), max_digits=5, decimal_places=2)
    district_pct = models.DecimalField(_("区总工会（%）"), max_digits=5, decimal_places=2)
    upper_pct = models.DecimalField(_("市总及以上（%）"), max_digits=5, decimal_places=2)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("分成比例")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "valid_from"], name="funds_rule_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(
                    grassroots_pct__gte=0, street_pct__gte=0, district_pct__gte=0, upper_pct__gte=0
                ),
                name="funds_rule_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(
                    grassroots_pct=100 - F("street_pct") - F("district_pct") - F("upper_pct")
                ),
                name="funds_rule_sums_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.valid_from:%Y-%m-%d}"


class Memo:
    """The kinds of 摘要 the ledger composes itself (``Entry.memo_code``), rendered from their
    parameters (``Entry.memo_args``) in the reader's language. ``""`` is a memo a person typed
    (a transfer's note), shown as stored."""

    REMITTANCE = "remittance"  # payer (name), period (YYYY-MM), fund (FundKind)
    DUES = "dues"  # month (YYYY-MM)
    REVERSAL = "reversal"  # pk (the entry reversed), reason (typed)
    UNMATCH = "unmatch"  # pk (the entry reversed), reason (typed)
    EXPENSE = "expense"  # purpose, payee (typed)
    KIND = "kind"  # no note typed: the entry's kind names it

    @classmethod
    def text(cls, code, args, kind=""):
        """The memo ``code`` with ``args`` in the active language; None for a typed memo or
        parameters it cannot read (the stored text is shown then)."""
        try:
            if code == cls.REMITTANCE:
                return f"{args['payer']} {args['period']} {FundKind(args['fund']).label}"
            if code == cls.DUES:
                return gettext("%(month)s 会费") % {"month": args["month"]}
            if code == cls.REVERSAL:
                return gettext("冲正 #%(pk)s：%(reason)s") % {
                    "pk": args["pk"],
                    "reason": args["reason"],
                }
            if code == cls.UNMATCH:
                reason = gettext("撤销匹配：%(reason)s") % {"reason": args["reason"]}
                return f"{reason} #{args['pk']}"
            if code == cls.EXPENSE:
                return gettext("%(purpose)s（%(payee)s）") % {
                    "purpose": args["purpose"],
                    "payee": args["payee"],
                }
            if code == cls.KIND:
                return str(EntryKind(kind).label)
        except (KeyError, TypeError, ValueError):
            return None
        return None


class Entry(AppendOnly, ScopedModel, CreatedBy):
    """One journal entry: its postings sum to zero. Written once; corrected by a reversal.

    The 摘要 a page shows is ``description``: composed from ``memo_code`` and ``memo_args`` in
    the reader's language (a remittance reads "<payer> 2026-12 Union funds" in English);
    ``memo`` keeps the text as written at posting and is the whole memo when a person typed it."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("记账单位")
    )
    kind = models.CharField(_("类别"), max_length=20, choices=EntryKind.choices)
    occurred_on = models.DateField(_("日期"))
    memo = models.CharField(_("摘要"), max_length=200)
    memo_code = models.CharField(max_length=20, blank=True, default="")
    memo_args = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("冲正的凭证"),
    )

    class Meta:
        verbose_name = _("记账凭证")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def description(self):
        """The 摘要 in the reader's language (the stored text for a memo a person typed)."""
        if self.memo_code:
            text = Memo.text(self.memo_code, self.memo_args or {}, self.kind)
            if text is not None:
                return text
        return self.memo


class Posting(AppendOnly, ScopedModel):
    """One line of an entry: an amount on one org's account (debit > 0, credit < 0)."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="postings")
    org = models.ForeignKey(
        Org,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("an organisation", "单位"),
    )
    account = models.CharField(_("科目"), max_length=20, choices=Account.choices)
    amount = models.DecimalField(_("金额"), **MONEY)

    class Meta:
        verbose_name = _("分录")
        indexes = [models.Index(fields=["org", "account"], name="funds_posting_org_account")]

    @property
    def debit(self):
        return self.amount if self.amount > 0 else None

    @property
    def credit(self):
        return -self.amount if self.amount < 0 else None


class Balance(ScopedModel):
    """The running total of one org's account, changed only under a row lock by the ledger."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    account = models.CharField(_("科目"), max_length=20, choices=Account.choices)
    amount = models.DecimalField(_("余额"), default=0, **MONEY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("余额")
        constraints = [
            models.UniqueConstraint(fields=["org", "account"], name="funds_one_balance_per_account")
        ]


class BankLine(ScopedModel, CreatedBy):
    """One line of an org's bank statement, imported to reconcile the transfers down (拨付) and
    up (上解) recorded on the ledger: imported once (unique by org and the bank's serial) and
    matched to at most one transfer of that org (``entry``; each side of a transfer reconciles
    its own statement)."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("账户单位")
    )
    serial = models.CharField(_("交易流水号"), max_length=60)
    on = models.DateField(_("交易日期"))
    amount = models.DecimalField(_("金额"), **MONEY)  # money in > 0, out < 0
    counterpart = models.CharField(_("对方户名"), max_length=200, blank=True)
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="bank_lines",
        verbose_name=_("对上的凭证"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("银行流水")
        ordering = ["-on", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["org", "serial"], name="funds_bankline_imported_once"),
            models.UniqueConstraint(fields=["org", "entry"], name="funds_bankline_entry_once"),
        ]

    def __str__(self):
        return f"{self.serial} {self.counterpart}"
