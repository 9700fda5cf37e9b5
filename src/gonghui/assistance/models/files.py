"""Hardship files (困难职工档案), their household and other rows, the 低保 standards, spot checks and aid from outside."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedJSONField, EncryptedTextField
from gonghui.core.masking import mask_name, mask_text
from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import (
    ScopedModel,
)
from gonghui.core.workflow import status_is

from ..enums import (
    AttachmentKind,
    Category,
    CostKind,
    DeclarationKind,
    Employment,
    ExitReason,
    FileStatus,
    Health,
    IncomeKind,
    Relationship,
    Schooling,
)
from ._common import MONEY, PURGED_NAME, USER, BankAccount, IdNumber, ParentRow


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


class _Arithmetic:
    """The stored eligibility arithmetic in the current language (see ``explain``)."""

    @property
    def eligibility_lines(self):
        from ..explain import lines

        return lines(self.eligibility_steps)

    @property
    def rule_version(self):
        from ..explain import rule_basis_text

        return rule_basis_text(self.rule_basis)


class HardshipFile(_Arithmetic, ScopedModel, BankAccount, CreatedBy):
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
    # Eligibility as last computed: the arithmetic as data (``explain``; it holds amounts:
    # encrypted) and the versions of the rules that decided.
    category = models.CharField(
        _("困难类别"), max_length=20, choices=Category.choices, blank=True, default=""
    )
    eligibility_steps = EncryptedJSONField(_("认定过程"), default=list)
    rule_basis = models.JSONField(_("规则版本"), default=dict, blank=True)
    dibao_amount = models.DecimalField(_("适用低保标准"), null=True, blank=True, **MONEY)
    household_size = models.PositiveIntegerField(_("家庭人口"), default=0)
    exclusions = models.JSONField(_("触发的排除规则"), default=list, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # Who and when, for four eyes and deadlines.
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
        return gettext("{value} {applicant_name}").format(
            value=self.number or gettext("草稿"), applicant_name=self.applicant_name
        )

    @property
    def applicant_name(self):
        """The applicant's name, or a placeholder once the personal data has been purged."""
        if self.applicant_id is None:
            return str(PURGED_NAME)
        return self.applicant.name

    @property
    def masked_name(self):
        return mask_name(self.applicant_name)

    is_draft = status_is(FileStatus.DRAFT)

    @property
    def is_open(self):
        from ..enums import OPEN_STATES

        return self.status in OPEN_STATES

    @property
    def before_review(self):
        """Not yet reviewed by the centre: home visits and exclusion overrides still go in."""
        return self.status in (FileStatus.DRAFT, FileStatus.SUBMITTED, FileStatus.VISITED)

    is_in_notice = status_is(FileStatus.NOTICE)
    is_filed = status_is(FileStatus.FILED)
    is_closed = status_is(FileStatus.CLOSED)

    @property
    def awaits_decision(self):
        """Neither filed nor closed: its review deadline still applies."""
        return self.status not in (FileStatus.FILED, FileStatus.CLOSED)


class FileChild(ParentRow):
    """Abstract: a row of a file; carries the file's org so the scoped manager can filter it."""

    parent_field = "file"

    class Meta:
        abstract = True


class HouseholdMember(FileChild, IdNumber):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(_("姓名"), max_length=50)
    relationship = models.CharField(_("与申请人关系"), max_length=20, choices=Relationship.choices)
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

    def age_on(self, day=None):
        if not self.birth_date:
            return None
        day = day or datetime.date.today()
        before = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before

    @property
    def income(self):
        return Decimal(self.monthly_income or "0")


class MonthlyAmount(FileChild):
    """Abstract: an income or a cost of the household, as a monthly average (encrypted)."""

    description = models.CharField(_("说明"), max_length=200, blank=True)
    monthly_amount = EncryptedTextField(_("月均金额（元）"), mask=mask_text)

    class Meta:
        abstract = True

    @property
    def amount(self):
        return Decimal(self.monthly_amount or "0")


class IncomeSource(MonthlyAmount):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField(_("收入类型"), max_length=20, choices=IncomeKind.choices)


class HardshipCost(MonthlyAmount):
    """An unavoidable cost (刚性支出), as a monthly average."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(_("支出类型"), max_length=20, choices=CostKind.choices)


class Declaration(FileChild):
    """What the household declares it owns (homes, vehicles, businesses...)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("申报项目"), max_length=20, choices=DeclarationKind.choices)
    count = models.PositiveIntegerField(_("数量"), default=1)
    description = models.CharField(_("说明"), max_length=200, blank=True)


class Attachment(FileChild):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=20, choices=AttachmentKind.choices)
    upload = models.FileField(_("文件"), upload_to="assistance/%Y/%m/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class HomeVisit(FileChild):
    """A home visit (入户核查), also the follow-up visits after exit (3, 6, 12 months)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="visits")
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
        from ..policy import exclusion_label

        return exclusion_label(self.rule)


class YearlyReview(_Arithmetic, FileChild):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveIntegerField(_("年度"))
    reviewed_on = models.DateField(_("年审日期"), default=datetime.date.today)
    category = models.CharField(_("复核类别"), max_length=20, choices=Category.choices)
    eligibility_steps = EncryptedJSONField(_("复核认定过程"), default=list)
    rule_basis = models.JSONField(default=dict, blank=True)
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


class ExternalAid(ScopedModel, IdNumber):
    """Aid a person receives from another programme (e.g. a civil-affairs student grant)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("姓名"), max_length=50)
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
