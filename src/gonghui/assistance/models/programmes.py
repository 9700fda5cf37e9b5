"""Programmes, cycles, budgets, entitlements, flags and payments."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import (
    AncestorsVisible,
    ScopedManager,
    ScopedModel,
    ScopedQuerySet,
)
from gonghui.core.workflow import status_is

from ..enums import (
    CycleStatus,
    EntitlementStatus,
    ExcludedCause,
    FlagKind,
    FlagStatus,
    FundSource,
    PaymentKind,
    PaymentMethod,
    ProgrammeKind,
)
from ._common import MONEY, USER
from .files import HardshipFile, HouseholdMember

# --- programmes, cycles, budgets, entitlements, payments --------------------------------------


class Programme(ScopedModel, CreatedBy):
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办工会")
    )
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProgrammeKind.choices)
    name = models.CharField(_("项目名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)

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

    is_open = status_is(CycleStatus.OPEN)
    is_closed = status_is(CycleStatus.CLOSED)


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
    # The basis of the amount as data, read in the viewer's language (``explain``); an
    # entitlement recorded before keeps its text in ``rule_text``.
    rule = models.JSONField(_("计算依据"), default=dict, db_default={}, blank=True)
    rule_text = models.CharField(_("计算依据（文字）"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=EntitlementStatus.choices,
        default=EntitlementStatus.PROPOSED,
    )
    excluded_reason = models.CharField(_("排除理由"), max_length=200, blank=True)
    # The system's cause (worded when read, ``excluded_words``); ``excluded_reason`` is typed.
    excluded_cause = models.CharField(
        max_length=20, choices=ExcludedCause.choices, blank=True, default="", db_default=""
    )
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
    def rule_words(self):
        """The basis of the amount in the current language."""
        from ..explain import entitlement_rule_text

        return entitlement_rule_text(self.rule, self.rule_text)

    @property
    def excluded_words(self):
        """Why it was excluded, in the current language: the system's cause, or the reason as
        a person typed it."""
        if self.excluded_cause:
            return str(ExcludedCause(self.excluded_cause).label)
        return self.excluded_reason

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

    is_proposed = status_is(EntitlementStatus.PROPOSED)
    is_approved = status_is(EntitlementStatus.APPROVED)


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
    # What the check found, as data (``flag_text``), worded when read: ``shown_detail``.
    data = models.JSONField(default=dict, blank=True)
    # A flag stored as text before its finding was data (and not read back by 0011).
    detail = models.CharField(_("说明"), max_length=300, blank=True)
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

    is_open = status_is(FlagStatus.OPEN)
    is_overridden = status_is(FlagStatus.OVERRIDDEN)

    @property
    def shown_detail(self):
        """What the check found, in the current language (the kept text of an old flag)."""
        from ..flag_text import describe

        return (describe(self.data) if self.data else "") or self.detail


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
