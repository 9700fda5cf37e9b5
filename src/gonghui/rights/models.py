"""Worker requests (职工诉求), legal aid and mediation cases and workers'-home ratings (officials'
training moved to the learning record in life). Requests, cases and ratings belong to a union
(``org``) and are scoped."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import BlindIndexField, EncryptedTextField, masked
from gonghui.core.masking import mask_phone
from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedManager, ScopedModel, ViaParent
from gonghui.core.workflow import status_is

from .enums import (
    CaseKind,
    CaseOutcome,
    CaseStatus,
    Category,
    Channel,
    ClosureReason,
    EventKind,
    HomeRatingStatus,
    PartyRole,
    SessionKind,
    Status,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


def normalize_phone(value):
    return "".join(ch for ch in value if ch.isdigit())[-11:]


def hash_tracking_code(code):
    """Only the SHA-256 of a tracking code is stored: the code is the worker's key."""
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


class WorkerRequest(ScopedModel):
    """One request or grievance of a worker, answered by the responsible union within a deadline.

    An anonymous request stores nothing that identifies its sender: no user, no member, no name,
    no phone; its received time is kept to the hour. The worker follows it with a tracking code
    of which only the hash is stored.
    """

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办工会")
    )
    origin_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("首次分派工会")
    )
    number = models.CharField(_("编号"), max_length=20, unique=True, null=True, blank=True)
    category = models.CharField(_("类别"), max_length=30, choices=Category.choices)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("用人单位"),
    )
    employer_name = models.CharField(_("用人单位名称"), max_length=150, blank=True)
    affected_workers = models.PositiveIntegerField(_("涉及职工人数"), default=1)
    amount_claimed = models.DecimalField(_("涉及金额（元）"), null=True, blank=True, **MONEY)
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("提交人账号"),
    )
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("会员"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), normalizer=normalize_phone, mask=mask_phone)
    contact_phone_index = BlindIndexField(source="contact_phone", db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    tracking_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承办人"),
    )
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    due_date = models.DateField(_("办理期限"), db_index=True)
    deadline_rule = models.CharField(_("期限依据"), max_length=200, blank=True)
    reminded_for = models.DateField(null=True, blank=True)
    escalation_count = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    is_urgent = models.BooleanField(_("紧急"), default=False, db_index=True)
    urgent_reason = models.CharField(_("紧急原因"), max_length=200, blank=True)
    urgent_acknowledged_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("书面答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("按期答复"), null=True)
    rating = models.PositiveSmallIntegerField(_("满意度评分"), null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    closure_reason = models.CharField(
        _("办结原因"), max_length=20, blank=True, choices=ClosureReason.choices
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("职工诉求")
        verbose_name_plural = _("职工诉求")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="rights_req_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="rights_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(reopen_count__lte=1), name="rights_reopen_once"
            ),
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False)
                | models.Q(
                    submitter__isnull=True, member__isnull=True, contact_name="", contact_phone=""
                ),
                name="rights_anonymous_stores_no_sender",
            ),
        ]

    # answered in writing: the worker may rate it (or ask to reopen)
    is_answered = status_is(Status.ANSWERED)
    is_closed = status_is(Status.CLOSED)  # closed: no more handling steps

    def __str__(self):
        return f"{self.number or ''} {self.title}".strip()

    @property
    def is_open(self):
        return self.status in (Status.NEW, Status.IN_PROGRESS)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_open and self.due_date < today

    contact_phone_masked = masked("contact_phone")

    @property
    def can_reopen(self):
        return self.reopen_count < 1 and (
            self.status == Status.ANSWERED
            or (self.status == Status.CLOSED and self.closure_reason == ClosureReason.RATED)
        )


class RequestEvent(models.Model):
    """One line of a request's timeline (reached only through its request)."""

    request = models.ForeignKey(WorkerRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Case(ScopedModel, CreatedBy):
    """A legal-aid or labour-dispute mediation case, possibly opened from a worker request."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办工会")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=CaseKind.choices)
    title = models.CharField(_("案由"), max_length=150)
    request = models.ForeignKey(
        WorkerRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("来源诉求"),
    )
    counsel_name = models.CharField(_("律师/调解员"), max_length=50, blank=True)
    counsel_org = models.CharField(_("所在机构"), max_length=100, blank=True)
    opened_on = models.DateField(_("立案日期"), default=timezone.localdate)
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("结果"), max_length=20, choices=CaseOutcome.choices, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    summary = models.TextField(_("案情摘要"), blank=True)

    class Meta:
        verbose_name = _("法律援助/调解案件")
        verbose_name_plural = _("法律援助/调解案件")
        ordering = ["-opened_on", "-id"]

    is_closed = status_is(CaseStatus.CLOSED)  # closed: only recoveries may still be recorded

    def __str__(self):
        return self.title


class CasePart(models.Model):
    """A row of a case (a party, a claim, a session, an agreement, a recovery): seen wherever
    its case is seen."""

    scope_rule = ViaParent("case")
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        abstract = True


class CaseParty(CasePart):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("身份"), max_length=20, choices=PartyRole.choices)
    name = models.CharField(_("名称/姓名"), max_length=150)
    workers = models.PositiveIntegerField(_("代表职工人数"), default=1)

    class Meta:
        ordering = ["role", "id"]


class Claim(CasePart):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    description = models.CharField(_("请求事项"), max_length=200)
    amount = models.DecimalField(_("请求金额（元）"), **MONEY)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="rights_claim_amount_nonneg"
            )
        ]


class CaseSession(CasePart):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("类型"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    notes = models.TextField(_("记录"), blank=True)

    class Meta:
        ordering = ["held_on", "id"]


class Agreement(CasePart):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    signed_on = models.DateField(_("签订日期"))
    terms = models.TextField(_("协议内容"))
    amount = models.DecimalField(_("协议金额（元）"), **MONEY)

    class Meta:
        ordering = ["signed_on", "id"]


class Recovery(CasePart, CreatedBy):
    """Money recovered for workers. Never edited: a correction is a negative entry."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recoveries")
    received_on = models.DateField(_("到账日期"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["received_on", "id"]


class HomeCriterion(models.Model):
    """One item of the district's workers'-home checklist (configurable by district admins)."""

    code = models.CharField(_("编号"), max_length=10, unique=True)
    title = models.CharField(_("考核内容"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("分值"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class HomeRating(ScopedModel):
    """A grassroots union's workers'-home rating for one year: self-assessed, then reviewed by an
    upper union, which fixes the level and its validity."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("基层工会")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=HomeRatingStatus.choices, default=HomeRatingStatus.DRAFT
    )
    self_total = models.PositiveSmallIntegerField(_("自评总分"), default=0)
    review_total = models.PositiveSmallIntegerField(_("审核总分"), null=True, blank=True)
    level = models.CharField(_("评定等级"), max_length=50, blank=True)
    level_rule = models.CharField(_("等级依据"), max_length=300, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("职工之家评定")
        verbose_name_plural = _("职工之家评定")
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="rights_one_home_rating_per_year")
        ]

    def __str__(self):
        return gettext("{org} {year} 年职工之家").format(org=self.org, year=self.year)


class HomeScore(models.Model):
    rating = models.ForeignKey(HomeRating, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(HomeCriterion, on_delete=models.PROTECT, related_name="+")
    self_score = models.PositiveSmallIntegerField(_("自评分"), default=0)
    review_score = models.PositiveSmallIntegerField(_("审核分"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    # Seen wherever its rating is seen.
    scope_rule = ViaParent("rating")
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "criterion"], name="rights_one_score_per_criterion"
            )
        ]
