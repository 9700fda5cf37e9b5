"""Joint commitments (共同约定行动): pledges, the commitment, its checks and targets."""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is

from ._common import USER

# --- Joint commitments ------------------------------------------------------------------------


class Pledge(models.TextChoices):
    KEEP_JOBS = "keep_jobs", _("不裁员或少裁员，稳定岗位")
    PAY_ON_TIME = "pay_on_time", _("按时足额支付工资")
    TRAIN = "train", _("以培训代替裁员")
    CONSULT_PAY = "consult_pay", _("工资调整先协商")
    OTHER = "other", _("其他约定")


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", _("履行中")
    KEPT = "kept", _("已履行")
    BROKEN = "broken", _("未履行")


class JointCommitment(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer",
        on_delete=models.PROTECT,
        related_name="joint_commitments",
        verbose_name=_("单位"),
    )
    title = models.CharField(_("名称"), max_length=150)
    pledges = models.JSONField(_("约定内容"), default=list)
    details = models.TextField(_("具体约定"), blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    signed_on = models.DateField(_("签订日期"))
    union_signatory = models.CharField(_("工会方代表"), max_length=50)
    employer_signatory = models.CharField(_("企业方代表"), max_length=50)
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"), default=0)
    # Which reminder was last texted to the union ("" none, "expiring", "expired").
    reminded = models.CharField(max_length=10, blank=True, default="")
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.ACTIVE,
        db_index=True,
    )
    outcome = models.TextField(_("履行结果"), blank=True)
    closed_on = models.DateField(_("结束评估日期"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("共同约定行动")
        verbose_name_plural = _("共同约定行动")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="wp_commitment_end_after_start",
            ),
        ]

    @property
    def awaiting_evaluation(self):
        """Still active past its end date: its outcome is due to be evaluated."""
        return self.status == CommitmentStatus.ACTIVE and self.end_date < timezone.localdate()

    def __str__(self):
        return self.title

    def pledge_labels(self):
        labels = dict(Pledge.choices)
        return [str(labels.get(p, p)) for p in self.pledges]

    def days_left(self, today):
        return (self.end_date - today).days

    is_active = status_is(CommitmentStatus.ACTIVE)

    def tracking_label(self, today, window):
        """Where an active commitment stands against its end date, like a contract's term."""
        if self.status != CommitmentStatus.ACTIVE:
            return ""
        left = self.days_left(today)
        if left < 0:
            return _("已到期，待评估")
        if left <= window:
            return _("即将到期")
        return ""


class CommitmentCheck(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    commitment = models.ForeignKey(JointCommitment, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("检查日期"))
    kept = models.BooleanField(_("约定得到履行"), default=True)
    findings = models.TextField(_("检查情况"))
    checked_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("履约检查")
        verbose_name_plural = _("履约检查")
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.commitment} {self.checked_on}"


class CommitmentTarget(ScopedModel):
    """A target with a figure in a joint commitment (e.g. 稳岗 300 人, 培训 120 人次), and the
    figure reached so far."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    commitment = models.ForeignKey(
        JointCommitment, on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("目标"), max_length=80)
    unit = models.CharField(pgettext_lazy("unit of measure", "单位"), max_length=20, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    actual_value = models.DecimalField(
        _("完成值"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    updated_on = models.DateField(_("更新日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("约定目标")
        verbose_name_plural = _("约定目标")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "name"], name="wp_target_name_once"),
            models.CheckConstraint(
                condition=models.Q(target_value__gt=0), name="wp_target_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def percent(self):
        if self.actual_value is None:
            return None
        return (self.actual_value * 100 / self.target_value).quantize(Decimal("0.1"))
