"""Union funds and preparatory funds: what each employer should remit, and what came in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedModel
from gonghui.orgs.models import Employer, Org

from ..enums import Channel, LineStatus
from ._common import MONEY


class EmployerFunds(ScopedModel):
    """The funds side of an employer: its declared monthly payroll and who to remind."""

    employer = models.OneToOneField(Employer, on_delete=models.PROTECT, related_name="funds")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")  # the employer's org
    monthly_payroll = models.DecimalField(_("申报月工资总额（元）"), default=0, **MONEY)
    contact_name = models.CharField(_("财务联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系人手机"), max_length=20, blank=True)
    last_reminded_at = models.DateTimeField(_("最近提醒"), null=True, blank=True)
    reminded_period = models.DateField(_("已提醒的月份"), null=True, blank=True)  # 1st of month
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("单位经费信息")


class PayerAlias(ScopedModel, CreatedBy):
    """A payer's name (or code) on statements, matched once to an employer and remembered."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")  # who matched it
    payer_key = models.CharField(max_length=200, unique=True)
    payer_name = models.CharField(_("缴款人名称"), max_length=200)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("缴款人对应")


class StatementLine(ScopedModel):
    """One line of a tax office's or bank's statement. A line is imported once (unique by
    channel and serial number) and posted once (its entry's idempotency key)."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入单位")
    )
    channel = models.CharField(_("来源"), max_length=10, choices=Channel.choices)
    serial = models.CharField(_("流水号/票证号"), max_length=60)
    paid_on = models.DateField(_("入库/到账日期"))
    period = models.DateField(_("所属期"))  # first day of the month
    payer_name = models.CharField(_("缴款单位"), max_length=200)
    payer_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    payer_key = models.CharField(max_length=200, db_index=True)
    amount = models.DecimalField(_("金额"), **MONEY)
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("单位"),
    )
    kind = models.CharField(_("款项"), max_length=10, blank=True)  # FundKind once matched
    status = models.CharField(
        _("状态"), max_length=10, choices=LineStatus.choices, default=LineStatus.UNMATCHED
    )
    posting_round = models.PositiveSmallIntegerField(default=0)
    import_token = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("对账单明细")
        ordering = ["-paid_on", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "serial"], name="funds_line_imported_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funds_line_positive"),
        ]
        indexes = [models.Index(fields=["employer", "period"], name="funds_line_employer_period")]

    def __str__(self):
        return f"{self.serial} {self.payer_name}"
