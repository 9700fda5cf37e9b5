"""Members' dues: the union's rate, each member's declared wage, and the monthly roll."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ..enums import DuesMethod, DuesStatus
from ._common import MONEY


class DuesRate(ScopedModel, CreatedBy):
    """A union's dues rate from ``valid_from`` on; ``bands`` (``[[wage up to, rate %], ...]``
    ascending) override the rate for wages up to each bound."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("起用日期"))
    rate_pct = models.DecimalField(_("会费比例（%）"), max_digits=5, decimal_places=3)
    bands = models.JSONField(_("分档"), default=list, blank=True)

    class Meta:
        verbose_name = _("会费比例")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "valid_from"], name="funds_dues_rate_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(rate_pct__gte=0, rate_pct__lte=5), name="funds_dues_rate_range"
            ),
        ]


class DuesBase(ScopedModel):
    """A member's declared monthly wage (the dues base) and how they pay."""

    _scope_path_field = "member__org_path"

    member = models.OneToOneField(Member, on_delete=models.PROTECT, related_name="dues_base")
    wage = models.DecimalField(_("工资基数（元/月）"), **MONEY)
    method = models.CharField(
        _("缴纳方式"), max_length=10, choices=DuesMethod.choices, default=DuesMethod.PAYROLL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(wage__gte=0), name="funds_wage_not_negative")
        ]


class DuesRoll(ScopedModel, CreatedBy):
    """The dues roll of one union for one month, generated from the roster."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("会费清册")
        ordering = ["-month", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "month"], name="funds_one_roll_per_month")
        ]


class DuesLine(ScopedModel):
    """One member's dues for the roll's month."""

    roll = models.ForeignKey(DuesRoll, on_delete=models.PROTECT, related_name="lines")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("会员")
    )
    wage = models.DecimalField(_("工资基数"), **MONEY)
    rate_pct = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=3)
    amount = models.DecimalField(_("应缴"), **MONEY)
    method = models.CharField(_("缴纳方式"), max_length=10, choices=DuesMethod.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=DuesStatus.choices, default=DuesStatus.DUE
    )
    paid_on = models.DateField(_("缴纳日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("会费明细")
        ordering = ["member__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["roll", "member"], name="funds_member_once_per_roll")
        ]

    is_unpaid = status_is(DuesStatus.DUE)  # still owed (neither paid nor exempted)
