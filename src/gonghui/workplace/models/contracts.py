"""Collective contracts (集体合同): kinds, states and the contract itself."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.text.punctuation import semicolon
from gonghui.core.workflow import status_is

from .consultations import Consultation, Covering

# --- Collective contracts ---------------------------------------------------------------------


class ContractKind(models.TextChoices):
    GENERAL = "general", _("综合性集体合同")
    WAGE = "wage", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")
    SAFETY = "safety", _("劳动安全卫生专项集体合同")
    OTHER = "other", _("其他专项集体合同")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    APPROVED = "approved", _("职代会已通过")
    SIGNED = "signed", _("已签字")
    FILED = "filed", _("已报送审查")
    IN_FORCE = "in_force", _("已生效")
    OBJECTED = "objected", _("审查有异议")
    REJECTED = "rejected", _("职代会未通过")


class Contract(Covering):
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("单位"),
    )
    kind = models.CharField(_("合同类型"), max_length=20, choices=ContractKind.choices)
    consultation = models.OneToOneField(
        Consultation, null=True, blank=True, on_delete=models.PROTECT, related_name="contract"
    )
    title = models.CharField(_("名称"), max_length=150)
    body = models.TextField(_("合同正文"))
    start_date = models.DateField(_("期限开始"))
    end_date = models.DateField(_("期限届满"))
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"), default=0)
    wage_growth_pct = models.DecimalField(
        _("工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lowest_wage = models.DecimalField(
        _("企业最低工资（元/月）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    pay_day = models.CharField(_("工资支付日期"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.DRAFT,
        db_index=True,
    )
    # Approval by the workers' congress: the tally (same rule as the congress module) and an
    # optional reference to the congress resolution where the congress module holds it.
    approved_on = models.DateField(_("职代会表决日期"), null=True, blank=True)
    delegates_total = models.PositiveIntegerField(_("全体代表人数"), null=True, blank=True)
    delegates_present = models.PositiveIntegerField(_("出席代表人数"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对票"), null=True, blank=True)
    tally_text = models.TextField(_("表决计算"), blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权票"), null=True, blank=True)
    resolution_ref = models.CharField(_("职代会决议编号/链接"), max_length=200, blank=True)
    # The congress resolution that approved the draft: its tally is copied, never typed again.
    resolution = models.ForeignKey(
        "assemblies.Poll",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("职代会决议"),
    )
    signed_on = models.DateField(_("首席代表签字日期"), null=True, blank=True)
    union_signatory = models.CharField(_("职工方首席代表"), max_length=50, blank=True)
    employer_signatory = models.CharField(_("企业方首席代表"), max_length=50, blank=True)
    filing_due = models.DateField(_("报送期限"), null=True, blank=True)
    filed_on = models.DateField(_("报送日期"), null=True, blank=True)
    authority = models.CharField(_("审查机关"), max_length=100, blank=True)
    review_ends = models.DateField(_("审查期满"), null=True, blank=True)
    authority_reply_on = models.DateField(_("审查意见日期"), null=True, blank=True)
    authority_note = models.TextField(_("审查意见"), blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    publish_due = models.DateField(_("公布期限"), null=True, blank=True)
    published_on = models.DateField(_("向职工公布日期"), null=True, blank=True)
    deadline_notes = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="wp_contract_end_after_start",
            ),
        ]

    is_draft = status_is(ContractStatus.DRAFT)  # a draft: its text may still be edited
    # in force (its term runs; it may be published to the workers)
    is_in_force = status_is(ContractStatus.IN_FORCE)
    is_filed = status_is(ContractStatus.FILED)  # filed with the authority, whose review period runs

    @property
    def filing_late(self):
        """Signed and not filed by the filing deadline."""
        return bool(
            self.status == ContractStatus.SIGNED
            and self.filing_due
            and timezone.localdate() > self.filing_due
        )

    @property
    def publish_late(self):
        """In force and not published to the workers by the deadline."""
        return bool(
            self.status == ContractStatus.IN_FORCE
            and not self.published_on
            and self.publish_due
            and timezone.localdate() > self.publish_due
        )

    def __str__(self):
        return self.title

    @property
    def tally_display(self):
        """``tally_text`` in the current language, rebuilt from the recorded figures: the linked
        resolution's result, or the module's rule in force on the day of the vote (the stored
        text stays as written, for the record)."""
        if self.resolution_id:
            return self.resolution.result_display
        figures = (self.delegates_total, self.delegates_present, self.votes_for, self.votes_against)
        if None in figures or not self.approved_on:
            return self.tally_text
        from .. import policy

        at = timezone.make_aware(datetime.datetime.combine(self.approved_on, datetime.time.max))
        result = policy.tally(*figures, self.org, at)
        return result.text + "\n" + semicolon().join(result.rules)

    def review_lapsed(self, today):
        """Filed and the authority's review period has run out: in force by lapse of time."""
        return bool(
            self.status == ContractStatus.FILED and self.review_ends and today > self.review_ends
        )

    def days_left(self, today=None):
        return (self.end_date - (today or timezone.localdate())).days

    def is_expired(self, today=None):
        return self.status == ContractStatus.IN_FORCE and self.days_left(today) < 0

    def filing_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filing_due is not None and self.filed_on is None and today > self.filing_due

    def publish_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            self.publish_due is not None and self.published_on is None and today > self.publish_due
        )
