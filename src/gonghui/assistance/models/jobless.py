"""Laid-off and unemployed workers (下岗、失业职工): training, job referrals, start-up support."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import BlindIndexField
from gonghui.core.scoping import (
    ScopedModel,
)
from gonghui.core.workflow import status_is

from ..enums import (
    JoblessStatus,
    ReferralOutcome,
    StartupKind,
    StartupStatus,
    TrainingStatus,
)
from ._common import MONEY, USER, BankAccount, IdNumber, ParentRow
from .programmes import Entitlement

# --- laid-off and unemployed workers (下岗、失业职工) ------------------------------------------


class JoblessWorker(ScopedModel, IdNumber, BankAccount):
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
    # One registration per person: the index is unique here (an override of ``IdNumber``'s).
    id_number_index = BlindIndexField(source="id_number", unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=JoblessStatus.choices)
    registered_on = models.DateField(_("登记日期"), default=datetime.date.today)
    skills = models.CharField(_("技能"), max_length=200, blank=True)
    needs = models.CharField(_("需求"), max_length=200, blank=True)
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

    is_reemployed = status_is(JoblessStatus.REEMPLOYED)


class WorkerChild(ParentRow):
    """Abstract: a row of a registered worker (training, referral, start-up support): carries
    the worker's org for scoping, and who recorded it."""

    parent_field = "worker"

    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TrainingEnrolment(WorkerChild):
    """A registered worker's place on a training course (技能培训)."""

    worker = models.ForeignKey(JoblessWorker, on_delete=models.PROTECT, related_name="trainings")
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
    entitlement = models.OneToOneField(
        Entitlement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="startup_support",
        verbose_name=_("发放批次名单"),
    )

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

    is_approved = status_is(StartupStatus.APPROVED)
