"""Collective consultation (集体协商): who a consultation or contract covers, the consultation, its
representatives and rounds."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is

from ._common import USER

# --- Collective consultation ------------------------------------------------------------------


class ConsultationKind(models.TextChoices):
    GENERAL = "general", _("综合性集体协商")
    WAGE = "wage", _("工资集体协商")
    WOMEN = "women", _("女职工权益保护专项协商")
    SAFETY = "safety", _("劳动安全卫生专项协商")
    OTHER = "other", _("其他专项协商")


class Coverage(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    REGIONAL = "regional", _("区域性")
    INDUSTRY = "industry", _("行业性")


class ConsultationStatus(models.TextChoices):
    PREPARING = "preparing", _("准备中")
    NEGOTIATING = "negotiating", _("协商中")
    AGREED = "agreed", _("达成一致")
    FAILED = "failed", _("未达成一致")


class Covering(ScopedModel):
    """What a consultation and the contract it leads to share: the union holding it, and whom it
    covers (one employer, each model's own ``employer``, or the employers of a region or an
    industry)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("工会")
    )
    coverage = models.CharField(
        _("范围"), max_length=20, choices=Coverage.choices, default=Coverage.ENTERPRISE
    )
    employer_party = models.CharField(_("企业方（或企业代表组织）"), max_length=150)
    covered_employers = models.ManyToManyField(
        "orgs.Employer", blank=True, related_name="+", verbose_name=_("覆盖单位")
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Consultation(Covering):
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("单位"),
    )
    kind = models.CharField(_("协商类型"), max_length=20, choices=ConsultationKind.choices)
    title = models.CharField(_("名称"), max_length=150)
    requested_by = models.CharField(
        _("提出方"),
        max_length=20,
        choices=[("union", _("工会方")), ("employer", _("企业方"))],
        default="union",
    )
    requested_on = models.DateField(_("提出协商要约日期"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.PREPARING,
        db_index=True,
    )
    outcome = models.TextField(_("协商结果"), blank=True)
    concluded_on = models.DateField(_("结束日期"), null=True, blank=True)
    previous_contract = models.OneToOneField(
        "Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
        verbose_name=_("续签的原合同"),
    )

    class Meta:
        verbose_name = _("集体协商")
        verbose_name_plural = _("集体协商")
        ordering = ["-requested_on", "-id"]

    # the parties agreed: a contract may be drafted from it
    is_agreed = status_is(ConsultationStatus.AGREED)

    @property
    def is_open(self):
        """Still being prepared or negotiated (not yet agreed or failed)."""
        return self.status not in (ConsultationStatus.AGREED, ConsultationStatus.FAILED)

    def __str__(self):
        return self.title


class Side(models.TextChoices):
    UNION = "union", _("职工方")
    EMPLOYER = "employer", _("企业方")


class Representative(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="representatives"
    )
    side = models.CharField(_("代表方"), max_length=20, choices=Side.choices)
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    is_chief = models.BooleanField(_("首席代表"), default=False)

    class Meta:
        verbose_name = _("协商代表")
        verbose_name_plural = _("协商代表")
        ordering = ["side", "-is_chief", "id"]

    def __str__(self):
        return self.name


class ConsultationRound(ScopedModel):
    """One meeting: the union side's offer, the employer side's counter-offer, and the minutes."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField(_("轮次"))
    held_on = models.DateField(_("协商日期"))
    union_offer = models.TextField(_("职工方方案/要约"))
    employer_offer = models.TextField(_("企业方方案/回应"), blank=True)
    union_wage_growth = models.DecimalField(
        _("职工方工资增幅（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    employer_wage_growth = models.DecimalField(
        _("企业方工资增幅（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    minutes = models.TextField(_("会议纪要"), blank=True)

    class Meta:
        verbose_name = _("协商轮次")
        verbose_name_plural = _("协商轮次")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="wp_round_unique_number"
            )
        ]

    def __str__(self):
        return gettext("第 {number} 轮").format(number=self.number)
