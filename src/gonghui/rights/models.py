"""Worker requests (职工诉求), legal aid and mediation cases and workers'-home ratings (officials'
training moved to the learning record in life). Requests, cases and ratings belong to a union
(``org``) and are scoped."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core import config
from gonghui.core.fields import BlindIndexField, EncryptedTextField, masked
from gonghui.core.masking import mask_phone
from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedManager, ScopedModel, ViaParent
from gonghui.core.text.phones import phone_digits
from gonghui.core.text.punctuation import labelled, semicolon
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


normalize_phone = phone_digits  # a contact number's last 11 digits, as typed (core/text)


def hash_tracking_code(code):
    """Only the SHA-256 of a tracking code is stored: the code is the worker's key."""
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


# What decided a deadline, an urgency or a level is kept as data (the setting's key, value and
# version: ``config.snapshot``; the category or the number of workers) and worded when it is
# read, in the reader's language. Rows written before kept the words themselves
# (``{"text": ...}``): those show as written.


def rule_text(kept):
    """A kept setting (``config.snapshot``) as ``config.describe`` words it."""
    if not kept:
        return ""
    if "text" in kept:
        return kept["text"]
    return config.describe_snapshot(kept)


def urgency_basis(kind, rule, **params):
    """Why a request is urgent, as data: ``kind`` "category" (with ``category``) or
    "wage_workers" (with ``workers``), and the setting that decided it."""
    return {"kind": kind, "rule": rule, **params}


def urgency_text(basis):
    if not basis:
        return ""
    if "text" in basis:
        return basis["text"]
    rule = rule_text(basis.get("rule"))
    if basis.get("kind") == "category":
        label = dict(Category.choices).get(basis.get("category"), basis.get("category"))
        return gettext("{label}类诉求一律紧急（{describe}）").format(label=label, describe=rule)
    return gettext("欠薪涉及 {affected_workers} 人，达到紧急人数（{describe}）").format(
        affected_workers=basis.get("workers"), describe=rule
    )


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


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
    # the setting that set ``due_date`` (config.snapshot); shown as ``deadline_rule``
    deadline_basis = models.JSONField(_("期限依据"), default=dict, blank=True)
    reminded_for = models.DateField(null=True, blank=True)
    escalation_count = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    is_urgent = models.BooleanField(_("紧急"), default=False, db_index=True)
    # why it is urgent (``urgency_basis``); shown as ``urgent_reason``
    urgent_basis = models.JSONField(_("紧急原因"), default=dict, blank=True)
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

    @property
    def deadline_rule(self):
        """The setting that set the deadline, in the reader's language."""
        return rule_text(self.deadline_basis)

    @property
    def urgent_reason(self):
        """Why the request is urgent, in the reader's language ('' if it is not)."""
        return urgency_text(self.urgent_basis)

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
    # what a person wrote (a note, a reason, an answer, a rating's comment)
    text = models.TextField(blank=True)
    # what the system recorded, worded when read (``shown_text``): the channel, a deadline and
    # its setting, an urgency, a score, a closure reason
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def shown_text(self):
        """The line as the reader reads it: the system's words in the reader's language, with
        what a person wrote as written."""
        data, kind = self.data or {}, self.kind
        if not data:  # a person's words only (or a line written before data was kept)
            return gettext(self.text) if kind == EventKind.SUBMITTED and self.text else self.text
        if kind == EventKind.SUBMITTED:
            return str(dict(Channel.choices).get(data.get("channel"), data.get("channel")))
        if kind == EventKind.ROUTED:
            return gettext("办理期限 {due:%Y-%m-%d}（{rule}）").format(
                due=_day(data["due"]), rule=rule_text(data.get("rule"))
            )
        if kind == EventKind.URGENT:
            return urgency_text(data.get("urgent"))
        if kind == EventKind.REMINDER:
            return gettext("将于 {due_date:%Y-%m-%d} 到期（{describe}）").format(
                due_date=_day(data["due"]), describe=rule_text(data.get("rule"))
            )
        if kind == EventKind.ESCALATED:
            return gettext(
                "超过办理期限 {old_due:%Y-%m-%d} 未答复，自动升级至{name}，新期限 {due_date:%Y-%m-%d}（{deadline_rule}）"
            ).format(
                old_due=_day(data["old_due"]),
                name=data.get("name", ""),
                due_date=_day(data["due"]),
                deadline_rule=rule_text(data.get("rule")),
            )
        if kind == EventKind.RATED:
            return (
                gettext("{score} 分 {rating_comment}")
                .format(score=data.get("score"), rating_comment=self.text)
                .strip()
            )
        if kind == EventKind.CLOSED:
            label = dict(ClosureReason.choices).get(data.get("reason"), data.get("reason"))
            return f"{label} {self.text}".strip()
        if kind == EventKind.CASE_OPENED:
            label = dict(CaseKind.choices).get(data.get("case_kind"), data.get("case_kind"))
            return labelled(label, self.text)
        if kind == EventKind.TRANSFERRED and data.get("merged"):
            return gettext("原承办工会已合并")
        return self.text


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
    # the settings that decided the level and its validity (config.snapshot each); shown as
    # ``level_rule``
    level_basis = models.JSONField(_("等级依据"), default=list, blank=True)
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

    @property
    def level_rule(self):
        """The settings that decided the level and its validity, in the reader's language."""
        return semicolon().join(rule_text(kept) for kept in self.level_basis or [])


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
