"""The grassroots union's books: budget lines, expenses with receipts, the audit review."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import Answered
from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is
from gonghui.orgs.models import Org

from ..enums import BudgetCategory, BudgetStatus, ExpenseStatus, ReviewStatus
from ._common import MONEY


class BudgetLine(ScopedModel):
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("支出科目"), max_length=20, choices=BudgetCategory.choices)
    title = models.CharField(_("预算项目"), max_length=100)
    amount = models.DecimalField(_("预算金额"), **MONEY)
    status = models.CharField(
        _("状态"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("预算项目")
        ordering = ["year", "category", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_budget_positive"),
            models.UniqueConstraint(
                fields=["org", "year", "title"], name="funds_budget_title_once"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"


class Expense(ScopedModel):
    """An expense against an approved budget line; posted to the ledger once a second person
    approves it (the database refuses an approver who recorded it)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("预算项目")
    )
    spent_on = models.DateField(_("支出日期"))
    payee = models.CharField(_("收款方"), max_length=100)
    purpose = models.CharField(_("用途"), max_length=200)
    amount = models.DecimalField(_("金额"), **MONEY)
    status = models.CharField(
        _("状态"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.RECORDED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("经办人"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(_("退回理由"), max_length=200, blank=True)
    entry = models.OneToOneField(
        "funds.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("支出")
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_expense_positive"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("recorded_by")),
                name="funds_expense_four_eyes",
            ),
        ]

    def __str__(self):
        # the amount as the funds pages print it (grouped, in cents), in the reader's language
        amount = floatformat(self.amount, "2g")
        return gettext("%(purpose)s（%(amount)s 元）") % {"purpose": self.purpose, "amount": amount}

    # recorded, not yet approved or sent back: receipts may be added, a second person decides
    awaits_approval = status_is(ExpenseStatus.RECORDED)


class Receipt(ScopedModel):
    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="receipts")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="funds/receipts/%Y/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


class AuditReview(ScopedModel):
    """The audit committee's (经审会) review of one union's accounts for one year."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opinion = models.TextField(_("审查意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审查人"),
    )
    started_at = models.DateTimeField(auto_now_add=True)
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("经费审查")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="funds_one_review_per_year")
        ]

    # the review is under way: findings may be added and answered until it is concluded
    is_under_way = status_is(ReviewStatus.OPEN)


class Finding(ScopedModel, Answered):
    review = models.ForeignKey(AuditReview, on_delete=models.PROTECT, related_name="findings")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("审查发现"))
    answer = models.TextField(_("整改说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
