"""Labour competitions (劳动竞赛) with teams, weighted indicators and confirmed score entries, and
skill contests (技能比武) with contestants, judges, conflict records and certificates."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models_base import CreatedBy, ScorecardLine
from gonghui.core.scoping import AncestorsVisible, AnyOf, ScopedManager, ScopedModel, ViaParent
from gonghui.core.text.punctuation import annotated
from gonghui.core.workflow import status_is


class DistrictGoal(models.TextChoices):
    ENERGY_SAVING = "energy_saving", _("节能降耗")
    CIRCULAR_ECONOMY = "circular_economy", _("循环经济")
    SAFETY = "safety", _("安全生产")
    QUALITY = "quality", _("质量提升")
    EFFICIENCY = "efficiency", _("增产增效")
    INNOVATION = "innovation", _("技术创新")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    RUNNING = "running", _("进行中")
    CLOSED = "closed", _("已结束")


class RankStyle(models.TextChoices):
    COMPETITION = "competition", _("并列占位（1、2、2、4）")
    DENSE = "dense", _("并列不占位（1、2、2、3）")


class Campaign(ScopedModel, CreatedBy):
    """A competition run by ``org`` (the organiser) among teams of participating units."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办组织")
    )
    theme = models.CharField(_("竞赛主题"), max_length=120)
    description = models.TextField(_("竞赛说明"), blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    goals = models.JSONField(_("服务的区域目标"), default=list, blank=True)
    units = models.ManyToManyField(
        "orgs.Org", blank=True, related_name="+", verbose_name=_("参赛单位")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    rank_style = models.CharField(
        _("并列名次规则"), max_length=20, choices=RankStyle.choices, default=RankStyle.COMPETITION
    )
    tie_breakers = models.JSONField(_("同分比较顺序（指标编号）"), default=list, blank=True)
    public_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board_public = models.BooleanField(_("公开排行榜"), default=True)
    frozen_at = models.DateTimeField(_("封榜时间"), null=True, blank=True)
    frozen_board = models.JSONField(default=dict, blank=True)
    final_board = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("劳动竞赛")
        verbose_name_plural = _("劳动竞赛")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="campaign_end_after_start",
            )
        ]

    def __str__(self):
        return self.theme

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    def goal_labels(self):
        return [str(DistrictGoal(g).label) for g in self.goals if g in DistrictGoal.values]

    is_draft = status_is(CampaignStatus.DRAFT)
    is_running = status_is(CampaignStatus.RUNNING)
    is_closed = status_is(CampaignStatus.CLOSED)


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class Aggregation(models.TextChoices):
    SUM = "sum", _("累计")
    AVERAGE = "avg", _("平均")
    LATEST = "latest", _("取最新一期")


class Indicator(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标"), max_length=60)
    unit = models.CharField(pgettext_lazy("unit of measure", "单位"), max_length=20, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    aggregation = models.CharField(
        _("汇总方式"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    goal = models.CharField(
        _("对应区域目标"), max_length=30, choices=DistrictGoal.choices, blank=True
    )
    min_value = models.DecimalField(
        _("取值下限"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("取值上限"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    self_reported = models.BooleanField(
        _("班组自报"),
        default=False,
        help_text=_("班组长可在手机上填报本班组的数据，仍须组织者确认"),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="indicator_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(max_value__gte=models.F("min_value")),
                name="indicator_range_ordered",
            ),
        ]

    def range_text(self):
        if self.min_value is not None and self.max_value is not None:
            return f"{self.min_value}–{self.max_value}"
        if self.min_value is not None:
            return f"≥ {self.min_value}"
        if self.max_value is not None:
            return f"≤ {self.max_value}"
        return ""

    def __str__(self):
        return annotated(self.name, self.unit)


class Team(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("班组/团队"), max_length=80)
    unit = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位工会")
    )
    code = models.CharField(
        _("班组编号"), max_length=30, blank=True, help_text=_("导入成绩时可按编号或名称识别班组")
    )
    leader = models.CharField(_("负责人"), max_length=50, blank=True)
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
        verbose_name=_("班组长账号"),
    )

    # Seen wherever its campaign is seen, and on its unit's branch of the tree: its leader works
    # at the unit or below it, often outside the subtree of the campaign's organiser.
    scope_rule = AnyOf((ViaParent("campaign"), AncestorsVisible("unit__path")))
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="team_name_unique"),
            models.UniqueConstraint(
                fields=["campaign", "code"],
                condition=~models.Q(code=""),
                name="team_code_unique",
            ),
        ]

    def __str__(self):
        return self.name


class ScoreEntry(models.Model):
    """A figure for one team, indicator and period. Never edited: a correction is a new entry that
    supersedes the old one. Counts only once confirmed by a second person."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="entries")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="entries")
    period = models.CharField(_("期间"), max_length=7, help_text=_("如 2026-03"))
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    is_current = models.BooleanField(default=True)

    # Seen wherever its team is seen (the organisers, and the team's leader).
    scope_rule = ViaParent("team")
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "indicator", "period"],
                condition=models.Q(is_current=True),
                name="one_current_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True)
                | ~models.Q(confirmed_by=models.F("entered_by")),
                name="entry_confirmed_by_second_person",
            ),
        ]

    def __str__(self):
        return f"{self.team} {self.indicator} {self.period}: {self.value}"


class Conflict(models.Model):
    """A conflict of interest: ``user`` may not confirm entries of ``team`` (campaigns) or score
    ``contestant`` (skill contests)."""

    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    event = models.ForeignKey(
        "SkillEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    contestant = models.ForeignKey(
        "Contestant", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("利益相关人"),
    )
    reason = models.CharField(_("原因"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class ScoreRule(models.TextChoices):
    """How the judges' totals for one contestant in one round become the round result."""

    TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后取平均")
    MEAN = "mean", _("全部裁判平均")
    MEDIAN = "median", _("取中位数")


class SkillEvent(ScopedModel):
    """One skill contest event (e.g. 焊工技能比武) organised by ``org``."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办组织")
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("所属竞赛"),
    )
    name = models.CharField(_("比武项目"), max_length=100)
    trade = models.CharField(_("工种"), max_length=50, blank=True)
    held_on = models.DateField(_("比赛日期"))
    venue = models.CharField(_("地点"), max_length=100, blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=100)
    results_published = models.BooleanField(_("成绩已发布"), default=False)
    score_rule = models.CharField(
        _("计分规则"), max_length=10, choices=ScoreRule.choices, default=ScoreRule.TRIMMED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("技能比武")
        verbose_name_plural = _("技能比武")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.name


class Contestant(models.Model):
    event = models.ForeignKey(SkillEvent, on_delete=models.CASCADE, related_name="contestants")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("选手")
    )
    number = models.CharField(_("参赛号"), max_length=10)

    # Seen wherever its event is seen.
    scope_rule = ViaParent("event")
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="contestant_once"),
            models.UniqueConstraint(fields=["event", "number"], name="contestant_number_unique"),
        ]

    def __str__(self):
        return f"{self.number} {self.member.name}"


class Judge(models.Model):
    event = models.ForeignKey(SkillEvent, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("裁判")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="judge_once")]

    def __str__(self):
        return str(self.user)


class JudgeScore(models.Model):
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "contestant"], name="one_score_per_judge")
        ]


class RoundStage(models.TextChoices):
    PRELIMINARY = "preliminary", _("初赛")
    SEMIFINAL = "semifinal", _("复赛")
    FINAL = "final", _("决赛")


STAGE_ORDER = {RoundStage.PRELIMINARY: 1, RoundStage.SEMIFINAL: 2, RoundStage.FINAL: 3}


class SkillRound(models.Model):
    """One round of a skill contest (初赛/复赛/决赛). The first round's entrants are all the
    contestants; a later round's are those who advanced from the round before it."""

    event = models.ForeignKey(SkillEvent, on_delete=models.CASCADE, related_name="rounds")
    stage = models.CharField(_("赛段"), max_length=12, choices=RoundStage.choices)
    order = models.PositiveSmallIntegerField(default=1)
    advance_count = models.PositiveIntegerField(
        _("晋级人数"),
        null=True,
        blank=True,
        help_text=_("按本轮名次晋级下一轮的人数，名次并列者一同晋级；决赛不填"),
    )
    entrants = models.ManyToManyField(
        Contestant, blank=True, related_name="rounds_entered", verbose_name=_("参赛选手")
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Seen wherever its event is seen.
    scope_rule = ViaParent("event")
    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("比武轮次")
        verbose_name_plural = _("比武轮次")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "stage"], name="skill_round_stage_once")
        ]

    def __str__(self):
        return f"{self.event} · {self.get_stage_display()}"

    @property
    def is_closed(self):
        return self.closed_at is not None


class SkillCriterion(ScorecardLine):
    """One line of a contest's scorecard: each judge scores it 0..max_score; weighted."""

    event = models.ForeignKey(SkillEvent, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=60)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="skill_criterion_name_once"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0) & models.Q(max_score__gt=0),
                name="skill_criterion_positive",
            ),
        ]


class CriterionScore(models.Model):
    """One judge's score of one criterion for one contestant in one round."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="criterion_scores")
    contestant = models.ForeignKey(
        Contestant, on_delete=models.CASCADE, related_name="criterion_scores"
    )
    round = models.ForeignKey(SkillRound, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SkillCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "contestant", "round", "criterion"],
                name="one_criterion_score_per_judge",
            )
        ]
