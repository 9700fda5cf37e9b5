"""Hardship files, their households and reviews; programmes, cycles, budgets, entitlements and
payments. Guarantees that must hold under concurrency live here as database constraints:
one open file per person, one entitlement per beneficiary per cycle, a budget never below zero
or overdrawn, one payment per entitlement attempt, unique idempotency keys."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import BlindIndexField, EncryptedTextField
from gonghui.core.masking import mask_account, mask_id_number, mask_name, mask_text
from gonghui.core.scoping import (
    AncestorsVisible,
    ScopedManager,
    ScopedModel,
    ScopedQuerySet,
)
from gonghui.core.text.idnumbers import normalize_id_number

from .enums import (
    AttachmentKind,
    Category,
    CostKind,
    CycleStatus,
    DeclarationKind,
    Employment,
    EntitlementStatus,
    ExitReason,
    FileStatus,
    FlagKind,
    FlagStatus,
    FundSource,
    Health,
    IncomeKind,
    JoblessStatus,
    PaymentKind,
    PaymentMethod,
    ProgrammeKind,
    ReferralOutcome,
    Relationship,
    Schooling,
    StartupKind,
    StartupStatus,
    TrainingStatus,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
PURGED_NAME = _("（个人信息已按期清除）")
USER = settings.AUTH_USER_MODEL


def normalize_account(value):
    return "".join(ch for ch in str(value) if ch.isalnum()).upper()


def _norm_id(value):
    return normalize_id_number(value) or str(value).strip().upper()


class DibaoStandard(models.Model):
    """The local minimum living standard (低保标准) of an area for a year, yuan per person per
    month. Public information kept by the district; a file uses the nearest area up its tree."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("地区（组织）")
    )
    year = models.PositiveIntegerField(_("年度"))
    monthly_amount = models.DecimalField(_("低保标准（元/人/月）"), **MONEY)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("低保标准")
        verbose_name_plural = _("低保标准")
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="assistance_dibao_per_area_year"),
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0), name="assistance_dibao_positive"
            ),
        ]

    def __str__(self):
        return f"{self.org} {self.year} ¥{self.monthly_amount}"


class HardshipFile(ScopedModel):
    """One household's hardship file (困难职工档案)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在工会")
    )
    number = models.CharField(_("档案编号"), max_length=20, unique=True, null=True, blank=True)
    # Cleared (null) when the file's personal data is purged after its keep date.
    applicant = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申请人"),
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=FileStatus.choices,
        default=FileStatus.DRAFT,
        db_index=True,
    )
    causes = models.JSONField(_("致困原因"), default=list, blank=True)
    situation = EncryptedTextField(_("家庭困难情况"), mask=mask_text)
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    bank_account = EncryptedTextField(
        _("银行账号（本人名下）"), normalizer=normalize_account, mask=mask_account
    )
    bank_account_index = BlindIndexField(source="bank_account", db_index=True)
    # Eligibility as last computed (the text holds amounts: encrypted).
    category = models.CharField(
        _("困难类别"), max_length=20, choices=Category.choices, blank=True, default=""
    )
    eligibility_text = EncryptedTextField(_("认定过程"))
    rule_version = models.CharField(_("规则版本"), max_length=200, blank=True)
    dibao_amount = models.DecimalField(_("适用低保标准"), null=True, blank=True, **MONEY)
    household_size = models.PositiveIntegerField(_("家庭人口"), default=0)
    exclusions = models.JSONField(_("触发的排除规则"), default=list, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # Who and when, for four eyes and deadlines.
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_due = models.DateField(_("审核期限"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_start = models.DateField(_("公示开始"), null=True, blank=True)
    notice_end = models.DateField(_("公示截止"), null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField(_("建档日期"), null=True, blank=True)
    next_review_due = models.DateField(_("下次年审"), null=True, blank=True)
    closed_on = models.DateField(_("脱困日期"), null=True, blank=True)
    exit_reason = models.CharField(
        _("脱困原因"), max_length=20, choices=ExitReason.choices, blank=True
    )
    exit_note = models.TextField(_("脱困说明"), blank=True)
    retain_until = models.DateField(_("档案保存至"), null=True, blank=True)
    purged_at = models.DateTimeField(_("个人信息清除时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "review_due"], name="assist_file_status_due")]

    def __str__(self):
        return f"{self.number or '草稿'} {self.applicant_name}"

    @property
    def applicant_name(self):
        """The applicant's name, or a placeholder once the personal data has been purged."""
        if self.applicant_id is None:
            return str(PURGED_NAME)
        return self.applicant.name

    @property
    def masked_name(self):
        return mask_name(self.applicant_name)

    @property
    def bank_account_masked(self):
        return mask_account(self.bank_account)

    @property
    def is_open(self):
        from .enums import OPEN_STATES

        return self.status in OPEN_STATES


class FileChild(ScopedModel):
    """Abstract: a row of a file; carries the file's org so the scoped manager can filter it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.org_id = self.file.org_id
        super().save(*args, **kwargs)


class HouseholdMember(FileChild):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    relationship = models.CharField(_("与申请人关系"), max_length=20, choices=Relationship.choices)
    id_number = EncryptedTextField(_("身份证号"), normalizer=_norm_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    health = models.CharField(
        _("健康状况"), max_length=20, choices=Health.choices, default=Health.HEALTHY
    )
    health_note = EncryptedTextField(_("疾病/残疾情况"), mask=mask_text)
    schooling = models.CharField(
        _("在学情况"), max_length=20, choices=Schooling.choices, blank=True, default=""
    )
    school_name = models.CharField(_("学校"), max_length=100, blank=True)
    employment = models.CharField(
        _("就业状况"), max_length=20, choices=Employment.choices, default=Employment.EMPLOYED
    )
    monthly_income = EncryptedTextField(_("月收入（元）"), mask=mask_text)
    # True while the file is open (submitted … filed): the partial unique index below then
    # keeps this person out of every other open file, whichever union enters them.
    holds_place = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["file_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=Q(holds_place=True),
                name="assistance_one_open_file_per_person",
            ),
            models.UniqueConstraint(
                fields=["file", "id_number_index"], name="assistance_person_once_per_file"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)

    def age_on(self, day=None):
        if not self.birth_date:
            return None
        day = day or datetime.date.today()
        before = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before

    @property
    def income(self):
        return Decimal(self.monthly_income or "0")


class IncomeSource(FileChild):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="incomes")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("收入类型"), max_length=20, choices=IncomeKind.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    monthly_amount = EncryptedTextField(_("月均金额（元）"), mask=mask_text)

    @property
    def amount(self):
        return Decimal(self.monthly_amount or "0")


class HardshipCost(FileChild):
    """An unavoidable cost (刚性支出), as a monthly average."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="costs")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("支出类型"), max_length=20, choices=CostKind.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    monthly_amount = EncryptedTextField(_("月均金额（元）"), mask=mask_text)

    @property
    def amount(self):
        return Decimal(self.monthly_amount or "0")


class Declaration(FileChild):
    """What the household declares it owns (homes, vehicles, businesses...)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="declarations")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("申报项目"), max_length=20, choices=DeclarationKind.choices)
    count = models.PositiveIntegerField(_("数量"), default=1)
    description = models.CharField(_("说明"), max_length=200, blank=True)


class Attachment(FileChild):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="attachments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("材料类型"), max_length=20, choices=AttachmentKind.choices)
    upload = models.FileField(_("文件"), upload_to="assistance/%Y/%m/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class HomeVisit(FileChild):
    """A home visit (入户核查), also the follow-up visits after exit (3, 6, 12 months)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="visits")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    is_follow_up = models.BooleanField(_("脱困回访"), default=False)
    due_on = models.DateField(_("应访日期"), null=True, blank=True)
    visited_on = models.DateField(_("走访日期"), null=True, blank=True)
    visitors = models.CharField(_("走访人员"), max_length=200, blank=True)
    findings = EncryptedTextField(_("核查情况"), mask=mask_text)
    photo = models.FileField(_("照片"), upload_to="assistance/visits/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "visited_on", "id"]


class Objection(FileChild):
    """An objection received during the public notice, and how it was resolved."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="objections")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("收到日期"))
    content = models.TextField(_("异议内容"))
    resolution = models.TextField(_("处理结果"), blank=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")


class ExclusionOverride(FileChild):
    """A fired exclusion rule let through: proposed with a written reason by one person
    (``decided_by``) and confirmed by a second person at district level (``confirmed_by``).
    Until it is confirmed the exclusion still excludes."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="overrides")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("排除规则"), max_length=40)
    reason = models.TextField(_("理由"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file", "rule"], name="assistance_override_once")
        ]

    @property
    def rule_label(self):
        from .policy import exclusion_label

        return exclusion_label(self.rule)


class YearlyReview(FileChild):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="reviews")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    reviewed_on = models.DateField(_("年审日期"), default=datetime.date.today)
    category = models.CharField(_("复核类别"), max_length=20, choices=Category.choices)
    eligibility_text = EncryptedTextField(_("复核认定过程"))
    rule_version = models.CharField(max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["file", "year"], name="assistance_review_once_a_year")
        ]


class SpotCheck(ScopedModel):
    """The random sample of filed files drawn for a year's spot check (抽查), as drawn."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    ratio = models.DecimalField(_("抽查比例"), max_digits=4, decimal_places=2)
    ratio_setting = models.CharField(max_length=200)
    population = models.PositiveIntegerField(_("在册档案数"))
    file_ids = models.JSONField(default=list)
    # 送温暖 recipients drawn with the files (approved entitlements of the year's warmth cycles)
    entitlement_ids = models.JSONField(default=list)
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="assistance_spot_check_once")
        ]


class ExternalAid(ScopedModel):
    """Aid a person receives from another programme (e.g. a civil-affairs student grant)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号"), normalizer=_norm_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    year = models.PositiveIntegerField(_("年度"))
    source = models.CharField(_("资助来源"), max_length=100)
    amount = models.DecimalField(_("金额"), default=Decimal("0"), **MONEY)
    granted_on = models.DateField(_("发放日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("外部救助")
        verbose_name_plural = _("外部救助")
        ordering = ["-year", "-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="assistance_external_aid_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.person_name} · {self.source}"

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)


# --- programmes, cycles, budgets, entitlements, payments --------------------------------------


class Programme(ScopedModel):
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办工会")
    )
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProgrammeKind.choices)
    name = models.CharField(_("项目名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # A district campaign is open to every union below it, which nominates its own households;
    # what a campaign holds per union (entitlements, payments) stays scoped to the subtree.
    scope_rule = AncestorsVisible()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class Cycle(ScopedModel):
    """One round of a programme (e.g. 2027 春节送温暖) with its budgets and list."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cycles")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("批次名称"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    cash_amount = models.DecimalField(_("每户现金标准"), default=Decimal("0"), **MONEY)
    goods_value = models.DecimalField(_("每户物资价值"), default=Decimal("0"), **MONEY)
    goods_description = models.CharField(_("物资"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    # A district campaign is open to every union below it, which nominates its own households;
    # what a campaign holds per union (entitlements, payments) stays scoped to the subtree.
    scope_rule = AncestorsVisible()

    class Meta:
        ordering = ["-year", "-start_date"]

    def __str__(self):
        return self.name


class Budget(ScopedModel):
    """Money an org puts into a cycle from one fund source. ``used`` moves only under a row
    lock and the database refuses a value below zero or above ``amount``."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="budgets")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    fund_source = models.CharField(_("资金来源"), max_length=20, choices=FundSource.choices)
    amount = models.DecimalField(_("预算"), **MONEY)
    used = models.DecimalField(_("已使用"), default=Decimal("0"), **MONEY)

    # A district campaign is open to every union below it, which nominates its own households;
    # what a campaign holds per union (entitlements, payments) stays scoped to the subtree.
    scope_rule = AncestorsVisible()

    class Meta:
        ordering = ["cycle_id", "org__path", "fund_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "org", "fund_source"], name="assistance_budget_per_org_source"
            ),
            models.CheckConstraint(
                condition=Q(used__gte=0), name="assistance_budget_used_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(used__lte=models.F("amount")), name="assistance_budget_not_overdrawn"
            ),
        ]

    def __str__(self):
        return f"{self.org} {self.get_fund_source_display()}"

    @property
    def remaining(self):
        return self.amount - self.used


class Entitlement(ScopedModel):
    """What one beneficiary (a household, or a student for education grants) gets in a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="entitlements")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    # The beneficiary: a filed household (hardship programmes) or a registered laid-off or
    # unemployed worker (下岗失业救助, 创业扶持); exactly one of the two.
    file = models.ForeignKey(
        HardshipFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entitlements",
    )
    worker = models.ForeignKey(
        "JoblessWorker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entitlements",
        verbose_name=_("下岗失业职工"),
    )
    student = models.ForeignKey(
        HouseholdMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beneficiary_key = models.CharField(max_length=64, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="entitlements")
    amount = models.DecimalField(_("现金金额"), **MONEY)
    goods_value = models.DecimalField(_("物资价值"), default=Decimal("0"), **MONEY)
    own_share = models.DecimalField(_("个人自付医疗费用"), null=True, blank=True, **MONEY)
    rule_text = models.CharField(_("计算依据"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=EntitlementStatus.choices,
        default=EntitlementStatus.PROPOSED,
    )
    excluded_reason = models.CharField(_("排除理由"), max_length=200, blank=True)
    nominated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    visited_on = models.DateField(_("慰问走访日期"), null=True, blank=True)
    visitors = models.CharField(_("走访人员"), max_length=200, blank=True)
    signed_off_on = models.DateField(_("签收日期"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["cycle_id", "org__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "beneficiary_key"],
                name="assistance_one_entitlement_per_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(goods_value__gte=0),
                name="assistance_entitlement_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(file__isnull=False, worker__isnull=True))
                | Q(file__isnull=True, worker__isnull=False, student__isnull=True),
                name="assistance_entitlement_one_beneficiary",
            ),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.beneficiary_name}"

    @property
    def beneficiary_name(self):
        if self.worker_id:
            return self.worker.name
        if self.student_id:
            return self.student.name
        return self.file.applicant_name

    @property
    def beneficiary_id_masked(self):
        if self.worker_id:
            return self.worker.id_number_masked
        if self.student_id:
            return self.student.id_number_masked
        applicant = self.file.applicant
        return applicant.id_number_masked if applicant is not None else ""

    @property
    def beneficiary_url(self):
        from django.urls import reverse

        if self.worker_id:
            return reverse("assistance:jobless_worker", args=[self.worker_id])
        return reverse("assistance:file", args=[self.file_id])

    @property
    def bank_account(self):
        """The beneficiary's own account that a bank transfer goes to."""
        return self.worker.bank_account if self.worker_id else self.file.bank_account


class Flag(ScopedModel):
    """A duplicate/fraud check that fired; approval waits until it is cleared or overridden."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    # Null for flags of a registered worker's entitlement (no household file).
    file = models.ForeignKey(
        HardshipFile, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    entitlement = models.ForeignKey(
        Entitlement, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=FlagKind.choices)
    key = models.CharField(max_length=64)
    detail = models.CharField(_("说明"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    override_reason = models.TextField(_("放行理由"), blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["file", "kind", "key"],
                condition=Q(entitlement=None),
                name="assistance_file_flag_once",
            ),
            models.UniqueConstraint(
                fields=["entitlement", "kind", "key"], name="assistance_entitlement_flag_once"
            ),
        ]


class PaymentQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("payments are never edited: record a reversal")

    def delete(self):
        raise PermissionError("payments are never deleted: record a reversal")


class Payment(ScopedModel):
    """A payment or its reversal. Never edited, never deleted.

    ``attempt`` counts payments of one entitlement: the first is 1; after a reversal the next
    payment is 2. The unique (entitlement, attempt, kind) index makes concurrent payment
    requests for one beneficiary and cycle produce exactly one payment.
    """

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="payments")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="payments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("类型"), max_length=10, choices=PaymentKind.choices, default=PaymentKind.PAYMENT
    )
    attempt = models.PositiveIntegerField(default=1)
    amount = models.DecimalField(_("金额"), **MONEY)
    goods_value = models.DecimalField(_("物资价值"), default=Decimal("0"), **MONEY)
    method = models.CharField(_("发放方式"), max_length=10, choices=PaymentMethod.choices)
    idempotency_key = models.CharField(max_length=80, unique=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    paid_on = models.DateField(_("发放日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager.from_queryset(PaymentQuerySet)()
    unscoped = models.Manager.from_queryset(PaymentQuerySet)()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement", "attempt", "kind"], name="assistance_one_payment_per_attempt"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="payment", amount__gte=0, reverses__isnull=True)
                    | Q(kind="reversal", amount__lte=0, reverses__isnull=False)
                ),
                name="assistance_payment_sign",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("payments are never edited: record a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("payments are never deleted: record a reversal")


class PaymentConfirmation(ScopedModel):
    """The second person's confirmation of a recorded payment (四眼复核). One per payment,
    never by the person who recorded it; never edited or deleted."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="confirmation")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("a payment confirmation is never edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("a payment confirmation is never deleted")


# --- laid-off and unemployed workers (下岗、失业职工) ------------------------------------------


class JoblessWorker(ScopedModel):
    """A laid-off or unemployed worker registered for help (a member or not)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记工会")
    )
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("会员"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号"), normalizer=_norm_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=JoblessStatus.choices)
    registered_on = models.DateField(_("登记日期"), default=datetime.date.today)
    skills = models.CharField(_("技能"), max_length=200, blank=True)
    needs = models.CharField(_("需求"), max_length=200, blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    bank_account = EncryptedTextField(
        _("银行账号（本人名下）"), normalizer=normalize_account, mask=mask_account
    )
    bank_account_index = BlindIndexField(source="bank_account", db_index=True)
    reemployed_on = models.DateField(_("再就业日期"), null=True, blank=True)
    reemployed_employer = models.CharField(_("再就业单位"), max_length=150, blank=True)
    reemployer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("再就业单位（已登记单位）"),
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="reemployed", reemployed_on__isnull=False)
                | ~Q(status="reemployed"),
                name="assistance_reemployed_has_date",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)

    @property
    def bank_account_masked(self):
        return mask_account(self.bank_account)


class WorkerChild(ScopedModel):
    """Abstract: a row of a registered worker; carries the worker's org for scoping."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.org_id = self.worker.org_id
        super().save(*args, **kwargs)


class TrainingEnrolment(WorkerChild):
    """A registered worker's place on a training course (技能培训)."""

    worker = models.ForeignKey(JoblessWorker, on_delete=models.PROTECT, related_name="trainings")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    course = models.CharField(_("培训课程"), max_length=150)
    provider = models.CharField(_("培训机构"), max_length=150)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=TrainingStatus.choices,
        default=TrainingStatus.ENROLLED,
        db_index=True,
    )
    certificate_obtained = models.BooleanField(_("取得证书"), default=False)
    certificate_name = models.CharField(_("证书名称"), max_length=150, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("培训报名")
        verbose_name_plural = _("培训报名")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assistance_training_dates",
            ),
            models.CheckConstraint(
                condition=Q(certificate_obtained=False) | Q(status="completed"),
                name="assistance_training_certificate_completed",
            ),
        ]

    def __str__(self):
        return f"{self.worker.name} · {self.course}"


class JobReferral(WorkerChild):
    """A job referral (职业介绍): the employer (a registered one or free text), the position,
    and the outcome with its date."""

    worker = models.ForeignKey(JoblessWorker, on_delete=models.PROTECT, related_name="referrals")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("用人单位（已登记单位）"),
    )
    employer_name = models.CharField(_("用人单位"), max_length=150)
    position = models.CharField(_("岗位"), max_length=100)
    referred_on = models.DateField(_("推荐日期"))
    outcome = models.CharField(
        _("结果"),
        max_length=20,
        choices=ReferralOutcome.choices,
        default=ReferralOutcome.PENDING,
        db_index=True,
    )
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("职业介绍")
        verbose_name_plural = _("职业介绍")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="pending", outcome_on__isnull=True)
                | Q(
                    ~Q(outcome="pending"),
                    outcome_on__isnull=False,
                    outcome_on__gte=models.F("referred_on"),
                ),
                name="assistance_referral_outcome_date",
            ),
        ]

    def __str__(self):
        return f"{self.worker.name} · {self.employer_name} {self.position}"


class StartupSupport(WorkerChild):
    """Start-up support (创业扶持): an interest subsidy on a start-up loan or a one-off grant.
    The money is paid through a 创业扶持 programme cycle (``entitlement``), under its budget."""

    worker = models.ForeignKey(JoblessWorker, on_delete=models.PROTECT, related_name="startups")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("扶持方式"), max_length=20, choices=StartupKind.choices)
    business_name = models.CharField(_("创业项目/经营主体"), max_length=150)
    lender = models.CharField(_("贷款银行"), max_length=100, blank=True)
    loan_amount = models.DecimalField(_("贷款金额"), null=True, blank=True, **MONEY)
    loan_start = models.DateField(_("贷款起始日"), null=True, blank=True)
    loan_months = models.PositiveIntegerField(_("贷款期限（月）"), null=True, blank=True)
    amount = models.DecimalField(_("贴息/补助金额"), **MONEY)
    applied_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=StartupStatus.choices, default=StartupStatus.APPLIED
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    entitlement = models.OneToOneField(
        Entitlement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="startup_support",
        verbose_name=_("发放批次名单"),
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("创业扶持")
        verbose_name_plural = _("创业扶持")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="assistance_startup_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.worker.name} · {self.get_kind_display()}"
