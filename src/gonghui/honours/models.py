"""Honours (评先评优): award rounds, nominations with documents, judges, recusals, weighted
scorecards, public notice (公示) with objections, and award decisions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.fields import EncryptedTextField
from gonghui.core.masking import mask_phone
from gonghui.core.models_base import Answered, CreatedBy, Edited, ScorecardLine
from gonghui.core.scoping import AncestorsVisible, ScopedModel
from gonghui.core.workflow import status_is


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    TEAM = "team", _("集体（班组）")
    UNIT = "unit", pgettext_lazy("a nominee", "单位")


# The award types the platform once had as fixed choices. Migration 0003 turned them into
# ``AwardType`` rows of every district (and of any other organiser that had rounds); the demo
# and ``services.ensure_default_award_types`` create them the same way.
DEFAULT_AWARD_TYPES = (
    ("may_day_medal", _("五一劳动奖章"), NomineeKind.INDIVIDUAL),
    ("worker_pioneer", _("工人先锋号"), NomineeKind.TEAM),
    ("advanced_unit", _("先进单位"), NomineeKind.UNIT),
    ("advanced_individual", _("先进个人"), NomineeKind.INDIVIDUAL),
    ("model_home", _("模范职工之家"), NomineeKind.UNIT),
)

# The level of an award follows the kind of the organising union.
LEVEL_LABELS = {
    "district": _("区级"),
    "street": _("街道级"),
    "industry": _("产业级"),
    "grassroots": _("基层"),
    "joint": _("基层"),
    "group": _("基层"),
}

# Kinds of union whose review comes between a grassroots union and the district.
STREET_KINDS = ("street", "industry")


class AwardRules(ScopedModel):
    """What an award and its rounds share: the quota rules (a round copies them from its award's
    or the settings when it is created, see quotas.py), the organiser's level, and who sees
    them."""

    min_frontline_pct = models.DecimalField(
        _("一线职工占比下限（%）"), max_digits=5, decimal_places=2
    )
    max_heads_pct = models.DecimalField(
        _("企业负责人占比上限（%）"), max_digits=5, decimal_places=2
    )

    # Visible to the organiser's subtree and to the unions below it, which nominate into it.
    scope_rule = AncestorsVisible()

    class Meta:
        abstract = True

    @property
    def level_label(self):
        return LEVEL_LABELS.get(self.org.kind, "")

    @property
    def has_person_quotas(self):
        return self.nominee_kind == NomineeKind.INDIVIDUAL


class AwardType(AwardRules, Edited):
    """An award defined by an organising union (its level): the district's 五一劳动奖章, a
    street's own 先进个人... with the quota rules its rounds start from. Managed by the staff of
    the organiser; visible to the unions below it, which nominate into its rounds."""

    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="honours_award_types",
        verbose_name=_("设立单位"),
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("奖项名称"), max_length=100)
    nominee_kind = models.CharField(_("推荐对象类别"), max_length=20, choices=NomineeKind.choices)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("奖项")
        verbose_name_plural = _("奖项")
        ordering = ["org__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="honours_award_type_code"),
            models.UniqueConstraint(fields=["org", "name"], name="honours_award_type_name"),
            models.CheckConstraint(
                condition=models.Q(min_frontline_pct__gte=0, min_frontline_pct__lte=100)
                & models.Q(max_heads_pct__gte=0, max_heads_pct__lte=100),
                name="honours_award_type_pct_range",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name to show: a default award still under its default name (as migration 0003 and
        the demo create it) reads in the current language; a name the organiser gave is shown
        as written."""
        label = next(
            (label for code, label, _kind in DEFAULT_AWARD_TYPES if code == self.code), None
        )
        if label is not None:
            with translation.override("zh-hans"):
                default_name = str(label)
            if self.name == default_name:
                return str(label)
        return self.name


class RoundStage(models.TextChoices):
    """Where a round stands, from its dates and its nominations (not stored)."""

    NOMINATING = "nominating", _("推荐中")
    REVIEWING = "reviewing", _("评审中")
    IN_NOTICE = "in_notice", _("公示中")
    CLOSED = "closed", _("已结束")


class AwardRound(AwardRules, CreatedBy):
    """One year's round of one award, organised by one union (its level)."""

    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="honours_rounds",
        verbose_name=_("组织单位"),
    )
    year = models.PositiveIntegerField(_("年度"))
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("奖项")
    )
    title = models.CharField(_("名称"), max_length=150)
    quota = models.PositiveIntegerField(_("名额"))
    street_quota = models.PositiveIntegerField(
        _("每个街道推荐名额上限"),
        null=True,
        blank=True,
        help_text=_("街道（产业）工会审核推荐上报的人数上限；不填则为本次评选名额"),
    )
    nomination_deadline = models.DateField(_("推荐截止日期"))
    review_deadline = models.DateField(_("评审截止日期"), null=True, blank=True)
    notice_working_days = models.PositiveIntegerField(_("公示期（工作日）"))
    rules_note = models.CharField(_("规则来源"), max_length=300, blank=True)
    public_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_closed = models.BooleanField(_("已结束"), default=False)

    class Meta:
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title

    @property
    def nominee_kind(self):
        return self.award_type.nominee_kind

    @property
    def stage(self):
        """``RoundStage``: closed; open for nominations until the deadline; in public notice
        while one of its nominations is; else under review. Lists annotate ``has_notice``
        (``selectors.with_stage``); a single round asks its nominations."""
        if self.is_closed:
            return RoundStage.CLOSED
        if timezone.localdate() <= self.nomination_deadline:
            return RoundStage.NOMINATING
        has_notice = getattr(self, "has_notice", None)
        if has_notice is None:
            # the round's stage, whoever looks: not narrowed to the viewer's nominations
            has_notice = Nomination.unscoped.filter(
                round=self, status=NominationStatus.IN_NOTICE
            ).exists()
        return RoundStage.IN_NOTICE if has_notice else RoundStage.REVIEWING

    @property
    def street_places(self):
        return self.street_quota or self.quota

    @property
    def rules_text(self):
        """The rule values the round was created with, in the current language: its own
        figures, where they came from (set for this round or the award's) and the setting
        version of the notice period in force then. ``rules_note`` keeps the text as written."""
        from decimal import Decimal

        from gonghui.core import config

        keys = ("honours.frontline_min_pct", "honours.heads_max_pct")
        if self.pk is None or not all(key in config.definitions() for key in keys):
            return self.rules_note
        labels = [config.definitions()[key].label for key in keys]
        award = self.award_type
        own = (self.min_frontline_pct, self.max_heads_pct) != (
            award.min_frontline_pct,
            award.max_heads_pct,
        )
        return translation.gettext(
            "{frontline_label} = {frontline}；{heads_label} = {heads}（{source}：{award}）；{notice}"
        ).format(
            frontline_label=labels[0],
            frontline=f"{Decimal(self.min_frontline_pct).normalize():f}",
            heads_label=labels[1],
            heads=f"{Decimal(self.max_heads_pct).normalize():f}",
            source=translation.gettext("本次评选设定") if own else translation.gettext("奖项设置"),
            award=translation.gettext(award.name),  # a shipped award name reads translated
            notice=config.describe("honours.notice_working_days", org=self.org, at=self.created_at),
        )


class Criterion(ScorecardLine):
    """One line of the round's scorecard: scores 0..max_score, weighted."""

    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=100)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="honours_criterion_weight_pos"
            ),
            models.UniqueConstraint(fields=["round", "name"], name="honours_criterion_unique_name"),
        ]


class Judge(models.Model):
    """A judge of a round. ``employer`` is where the judge works: a nominee from the same
    employer is a conflict of interest and the judge is recused automatically."""

    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="honour_judgeships"
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评委工作单位"),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="honours_judge_once")]

    def __str__(self):
        return str(self.user)


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("待街道审核")
    RECOMMENDED = "recommended", _("待评审")
    UNDER_REVIEW = "under_review", _("评审中")
    APPROVED = "approved", _("评审通过，待公示")
    RETURNED = "returned", _("已退回修改")
    REJECTED = "rejected", _("审核未通过")
    IN_NOTICE = "in_notice", _("公示中")
    AWARDED = "awarded", _("已授予")
    NOT_AWARDED = "not_awarded", _("未授予")
    WITHDRAWN = "withdrawn", _("已撤回")


ACTIVE_STATUSES = (
    NominationStatus.NOMINATED,
    NominationStatus.RECOMMENDED,
    NominationStatus.UNDER_REVIEW,
    NominationStatus.APPROVED,
    NominationStatus.RETURNED,
    NominationStatus.IN_NOTICE,
    NominationStatus.AWARDED,
)

# Recommended by the street stage (or entered without one) and still in the running.
PAST_STREET_STATUSES = (
    NominationStatus.RECOMMENDED,
    NominationStatus.UNDER_REVIEW,
    NominationStatus.APPROVED,
    NominationStatus.IN_NOTICE,
    NominationStatus.AWARDED,
)

# Approved by the organiser (the district for district awards) and still in the running.
PAST_DISTRICT_STATUSES = (
    NominationStatus.APPROVED,
    NominationStatus.IN_NOTICE,
    NominationStatus.AWARDED,
)


def document_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"honours/{uuid.uuid4().hex}.{suffix}"


class Nomination(ScopedModel, CreatedBy):
    """A nominee put forward by a union (``org``) into a round."""

    round = models.ForeignKey(AwardRound, on_delete=models.PROTECT, related_name="nominations")
    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="honours_nominations_made",
        verbose_name=_("推荐工会"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=NomineeKind.choices)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours_nominations",
        verbose_name=_("会员"),
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours_nominations",
        verbose_name=_("单位"),
    )
    nominee_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours_nominations_received",
        verbose_name=_("被推荐工会"),
    )
    nominee_name = models.CharField(_("被推荐对象"), max_length=150)
    unit_name = models.CharField(_("所在单位"), max_length=150)
    reference = models.CharField(
        _("参考依据"), max_length=300, blank=True, help_text=_("如劳动竞赛、技能比武成绩")
    )
    # The competition result the nominee was picked from (the result is linked, never re-typed).
    source_team = models.ForeignKey(
        "contests.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honours_nominations",
        verbose_name=_("劳动竞赛班组"),
    )
    source_contestant = models.ForeignKey(
        "contests.Contestant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honours_nominations",
        verbose_name=_("技能比武选手"),
    )
    is_frontline = models.BooleanField(_("一线职工"), default=False)
    is_enterprise_head = models.BooleanField(_("企业负责人"), default=False)
    deeds = models.TextField(_("主要事迹"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
        db_index=True,
    )
    street_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("街道审核单位"),
        help_text=_("推荐工会上级的街道（产业）工会；为空表示不经街道审核"),
    )
    street_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    street_reviewed_at = models.DateTimeField(null=True, blank=True)
    district_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district_reviewed_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("替换"),
    )
    notice_start = models.DateField(_("公示开始"), null=True, blank=True)
    notice_end = models.DateField(_("公示结束"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")
        ordering = ["round", "id"]

    def __str__(self):
        return self.nominee_name

    @property
    def nominee_employer_id(self):
        if self.member_id:
            return self.member.employer_id
        return self.employer_id

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    is_awarded = status_is(NominationStatus.AWARDED)
    is_recommended = status_is(NominationStatus.RECOMMENDED)
    is_under_review = status_is(NominationStatus.UNDER_REVIEW)
    is_in_notice = status_is(NominationStatus.IN_NOTICE)


class NominationDocument(ScopedModel):
    """A supporting document (recommendation form, proof of deeds) of a nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("材料名称"), max_length=150)
    file = models.FileField(_("文件"), upload_to=document_path)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title


class Recusal(models.Model):
    """A judge stands aside from one nomination; their scores for it are excluded."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="recusals")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("回避理由"), max_length=300)
    automatic = models.BooleanField(_("系统识别"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "nomination"], name="honours_recusal_once")
        ]


class Score(models.Model):
    """A judge's score of one nomination on one criterion."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "nomination", "criterion"], name="honours_score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="honours_score_not_negative"
            ),
        ]


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Objection(ScopedModel, Answered):
    """An objection raised from the public notice page; it must be answered before the award."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="objections")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("异议内容"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), mask=mask_phone)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
        db_index=True,
    )
    outcome = models.CharField(
        _("核查结论"), max_length=20, choices=ObjectionOutcome.choices, blank=True
    )
    answer = models.TextField(_("答复"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return _("对“{nomination}”的异议").format(nomination=self.nomination)

    is_answered = status_is(ObjectionStatus.ANSWERED)
