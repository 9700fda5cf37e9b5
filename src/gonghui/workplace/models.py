"""Workplace democracy: affairs disclosure (厂务公开), collective consultation (集体协商) and
contracts (集体合同), and joint commitments (共同约定行动)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import Edited
from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is

USER = settings.AUTH_USER_MODEL


# --- Affairs disclosure -----------------------------------------------------------------------


class DisclosureCategory(models.Model):
    """A category of disclosed affairs; ``required`` ones make the yearly checklist.

    District-wide configuration (not union-owned), edited by the district admin; seeded by a
    data migration with the categories the 厂务公开 rules require.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    required = models.BooleanField(_("每年必须公开"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("厂务公开类别")
        verbose_name_plural = _("厂务公开类别")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    NOTICE_BOARD = "notice_board", _("公开栏")
    ONLINE = "online", _("网上公开（平台/内网）")
    MEETING = "meeting", _("职工大会/职代会")
    BULLETIN = "bulletin", _("厂务公开简报/会议纪要")
    OTHER = "other", _("其他")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    POSTED = "posted", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class Disclosure(ScopedModel, Edited):
    """One disclosed item of an employer. ``org`` is the employer's union."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer",
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("单位"),
    )
    category = models.ForeignKey(
        DisclosureCategory,
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("公开类别"),
    )
    title = models.CharField(_("标题"), max_length=150)
    body = models.TextField(_("公开内容"))
    decision_date = models.DateField(_("决定日期"))
    posted_on = models.DateField(_("公开日期"), null=True, blank=True)
    display_until = models.DateField(_("公开截止日期"), null=True, blank=True)
    channels = models.JSONField(_("公开渠道"), default=list, blank=True)
    # Decided when posted (and kept): the posting deadline, the window's length, the flags and
    # the rules that decided them.
    post_due = models.DateField(_("应公开期限"), null=True, blank=True)
    display_days = models.PositiveIntegerField(_("公开天数"), null=True, blank=True)
    is_late = models.BooleanField(_("逾期公开"), default=False)
    is_short = models.BooleanField(_("公开时间不足"), default=False)
    rule_note = models.TextField(_("判定依据"), blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=DisclosureStatus.choices,
        default=DisclosureStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("厂务公开事项")
        verbose_name_plural = _("厂务公开事项")
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["employer", "decision_date"], name="wp_disc_emp_date")]

    is_posted = status_is(DisclosureStatus.POSTED)  # posted for the workers to read
    # withdrawn: no longer posted, nor posted again
    is_withdrawn = status_is(DisclosureStatus.WITHDRAWN)

    def __str__(self):
        return self.title

    def channel_labels(self):
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


def attachment_path(instance, filename):
    return f"workplace/{timezone.localdate():%Y/%m}/{filename}"


class DisclosureAttachment(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开附件")
        verbose_name_plural = _("公开附件")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("询问")
    OBJECTION = "objection", _("异议")


class DisclosureQuestion(ScopedModel):
    """A worker's question or objection about a disclosed item; the union answers by ``due_on``."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="questions")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("类型"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.QUESTION
    )
    text = models.TextField(_("内容"))
    asked_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("职工询问/异议")
        verbose_name_plural = _("职工询问/异议")
        ordering = ["-asked_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.text[:20]}"

    def is_overdue(self, today=None):
        return self.answered_on is None and (today or timezone.localdate()) > self.due_on


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
        from . import policy

        at = timezone.make_aware(datetime.datetime.combine(self.approved_on, datetime.time.max))
        result = policy.tally(*figures, self.org, at)
        return result.text + "\n" + gettext("；").join(result.rules)

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
    unit = models.CharField(_("单位"), max_length=20, blank=True)
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
