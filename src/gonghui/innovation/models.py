"""Rationalisation proposals (合理化建议) and technical innovation: proposals, reviews with a
weighted rubric, implementation, benefit and reward from a configurable band table."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager, ScopedModel, ViaParent
from gonghui.core.workflow import status_is


class ProposalKind(models.TextChoices):
    RATIONALISATION = "rationalisation", _("合理化建议")
    INNOVATION = "innovation", _("技术革新")
    INVENTION = "invention", _("发明创造")
    FIVE_SMALLS = "five_smalls", _("五小")
    KEY_PROBLEM = "key_problem", _("难点攻关")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    GENERAL_OPINION = "general_opinion", _("一般意见")
    TRIAGED = "triaged", _("已受理")
    UNDER_REVIEW = "under_review", _("评审中")
    ADOPTED = "adopted", _("已采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    MERGED = "merged", _("已合并")
    IMPLEMENTING = "implementing", _("实施中")
    BENEFIT_CONFIRMED = "benefit_confirmed", _("效益已确认")
    REWARD_APPROVED = "reward_approved", _("奖励已审批")
    PAID = "paid", _("奖励已发放")


# States reached only by adopted proposals (counted as "adopted" in statistics).
ADOPTED_STATES = frozenset(
    {
        ProposalStatus.ADOPTED,
        ProposalStatus.IMPLEMENTING,
        ProposalStatus.BENEFIT_CONFIRMED,
        ProposalStatus.REWARD_APPROVED,
        ProposalStatus.PAID,
    }
)
REWARDED_STATES = frozenset({ProposalStatus.REWARD_APPROVED, ProposalStatus.PAID})
# The steps of the usual path, as the member's proposal page shows them (a proposal off the path:
# a general opinion, not adopted or merged, has reached none of them).
PATH_STEPS = [
    (ProposalStatus.SUBMITTED, _("提交")),
    (ProposalStatus.TRIAGED, _("受理")),
    (ProposalStatus.UNDER_REVIEW, _("评审")),
    (ProposalStatus.ADOPTED, _("采纳")),
    (ProposalStatus.IMPLEMENTING, _("实施")),
    (ProposalStatus.BENEFIT_CONFIRMED, _("效益确认")),
    (ProposalStatus.REWARD_APPROVED, _("奖励审批")),
    (ProposalStatus.PAID, _("奖励发放")),
]


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DELAYED = "delayed", _("已延期")
    DONE = "done", _("已完成")


class Proposal(ScopedModel):
    """One proposal by a member (with co-authors), owned by the author's union."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在工会")
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("单位"),
    )
    number = models.CharField(_("编号"), max_length=30, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=ProposalKind.choices)
    title = models.CharField(_("题目"), max_length=120)
    problem = models.TextField(_("存在的问题"))
    solution = models.TextField(_("改进办法"), blank=True)
    expected_benefit = models.DecimalField(
        _("预计年效益（元）"), max_digits=12, decimal_places=2, default=0
    )
    author = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("建议人")
    )
    co_authors = models.ManyToManyField(
        "members.Member", blank=True, related_name="+", verbose_name=_("共同建议人")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    similar_hint = models.JSONField(_("相似建议提示"), default=list, blank=True)
    difference_note = models.TextField(_("与相似建议的不同之处"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        db_index=True,
    )
    department = models.CharField(_("承办部门"), max_length=60, blank=True)
    decision_reason = models.TextField(_("处理意见"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("合并到"),
    )
    impl_owner = models.CharField(_("实施负责人"), max_length=50, blank=True)
    impl_due = models.DateField(_("计划完成日期"), null=True, blank=True)
    impl_status = models.CharField(
        _("实施状态"), max_length=20, choices=ImplementationStatus.choices, blank=True
    )
    impl_note = models.TextField(_("实施情况"), blank=True)
    actual_benefit = models.DecimalField(
        _("实际年效益（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    benefit_basis = models.TextField(_("效益测算依据"), blank=True)
    benefit_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    benefit_confirmed_at = models.DateTimeField(null=True, blank=True)
    reward_amount = models.DecimalField(
        _("奖励金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reward_band = models.CharField(_("适用奖励档次"), max_length=200, blank=True)
    # The band applied, as its figures and label (worded in the reader's language when shown;
    # ``reward_band`` keeps the words as written at approval, shown for rows from before).
    reward_band_terms = models.JSONField(default=dict, blank=True)
    reward_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_reference = models.CharField(_("发放凭证号"), max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("合理化建议")
        verbose_name_plural = _("合理化建议")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_benefit__gte=0),
                name="proposal_expected_benefit_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(reward_amount__isnull=True) | models.Q(reward_amount__gte=0),
                name="proposal_reward_not_negative",
            ),
        ]

    @property
    def reward_band_text(self):
        """The band applied, in the reader's language."""
        terms = self.reward_band_terms
        if not terms:
            return self.reward_band
        from .scoring import Band

        upper = terms.get("upper")
        return Band(
            Decimal(terms["min_benefit"]),
            Decimal(terms["reward_min"]),
            Decimal(terms["reward_max"]),
            terms.get("label", ""),
            Decimal(upper) if upper is not None else None,
        ).describe()

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def benefit_locked(self):
        return self.benefit_confirmed_at is not None

    @property
    def is_adopted(self):
        return self.status in ADOPTED_STATES

    is_general_opinion = status_is(ProposalStatus.GENERAL_OPINION)
    is_merged = status_is(ProposalStatus.MERGED)

    @property
    def in_implementation(self):
        """Adopted and not yet past implementation: implementation and milestones are recorded."""
        return self.status in (ProposalStatus.ADOPTED, ProposalStatus.IMPLEMENTING)

    @property
    def steps(self):
        """``PATH_STEPS`` as ``{label, done, current}``: done up to the step the proposal is at."""
        order = [state for state, _label in PATH_STEPS]
        reached = order.index(self.status) if self.status in order else -1
        return [
            {"label": label, "done": i <= reached, "current": i == reached}
            for i, (_state, label) in enumerate(PATH_STEPS)
        ]

    @property
    def awaits_reviewers(self):
        """Triaged or under review: reviewers may (still) be assigned."""
        return self.status in (ProposalStatus.TRIAGED, ProposalStatus.UNDER_REVIEW)


class ProposalCounter(models.Model):
    """The running number of proposals per prefix (one row per year, e.g. ``JY2026-``), taken
    under a row lock so simultaneous submissions get distinct, consecutive numbers."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}{self.last}"


def attachment_path(instance, filename):
    return f"innovation/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name

    # Seen wherever its proposal is seen.
    scope_rule = ViaParent("proposal")
    objects = ScopedManager()
    unscoped = models.Manager()


class Rubric(ScopedModel):
    """A weighted scorecard. A proposal uses the nearest active rubric up its union's tree."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("适用组织（含下级）")
    )
    name = models.CharField(_("名称"), max_length=60)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评审细则")
        verbose_name_plural = _("评审细则")

    def __str__(self):
        return self.name


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评审项"), max_length=60)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    max_score = models.PositiveIntegerField(_("满分"), default=10)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0), name="criterion_max_positive"
            ),
        ]

    def __str__(self):
        return gettext("{name}（权重 {weight}）").format(name=self.name, weight=self.weight)


class Review(models.Model):
    """One reviewer's assignment to a proposal: scores, or a recusal with its reason."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评审人"),
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recused = models.BooleanField(_("回避"), default=False)
    recusal_reason = models.CharField(_("回避理由"), max_length=200, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    total = models.DecimalField(
        _("加权得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_per_reviewer")
        ]
        ordering = ["assigned_at", "id"]

    @property
    def counts(self):
        """A review counts towards the result when it was submitted and not recused."""
        return self.submitted_at is not None and not self.recused


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]


class RewardBand(models.Model):
    """A row of the district's reward table: benefit at least ``min_benefit`` (and below the next
    band) earns a reward between ``reward_min`` and ``reward_max``. Edited by district admins."""

    min_benefit = models.DecimalField(
        _("年效益下限（元，含）"), max_digits=12, decimal_places=2, unique=True
    )
    reward_min = models.DecimalField(_("奖励下限（元）"), max_digits=12, decimal_places=2)
    reward_max = models.DecimalField(_("奖励上限（元）"), max_digits=12, decimal_places=2)
    label = models.CharField(_("档次名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("奖励档次")
        verbose_name_plural = _("奖励档次")
        ordering = ["-min_benefit"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reward_max__gte=models.F("reward_min")),
                name="band_max_not_below_min",
            ),
            models.CheckConstraint(
                condition=models.Q(reward_min__gte=0), name="band_min_not_negative"
            ),
        ]

    def __str__(self):
        return self.label or f"≥ ¥{self.min_benefit}"


class Milestone(models.Model):
    """A milestone of a key-problem project (难点攻关) or any proposal under implementation."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=100)
    due = models.DateField(_("计划日期"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    result = models.TextField(_("成果"), blank=True)

    # Seen wherever its proposal is seen.
    scope_rule = ViaParent("proposal")
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        ordering = ["due", "id"]

    def __str__(self):
        return self.title
