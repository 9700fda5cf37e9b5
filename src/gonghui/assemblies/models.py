"""Congresses, delegates, sessions, proposals (提案), polls and the secret ballot.

Secrecy by construction: ``Participation`` says *that* a delegate voted in a poll (unique, so a
delegate votes once). In a secret electronic poll the vote itself is a ``SealedBallot``: sealed
with the poll's public key, written in the same transaction, readable by nobody until the
scrutineers unlock the private key at closing. Then the sealed ballots are opened, shuffled and
written as ``AnonymousBallot`` rows (random UUID key, no voter, no time) in one transaction, and
deleted. The database's own log (WAL, backups, dead tuples) thus keeps only ciphertext in the
order of voting (docs/decisions/0012-sealed-ballots.md).
"""

import secrets
import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is

from . import counting


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("会员代表大会")
    WORKERS = "workers", _("职工代表大会")


class PassOp(models.TextChoices):
    GT = counting.GT, _("超过（>）")
    GE = counting.GE, _("不少于（≥）")


class PassBase(models.TextChoices):
    ALL = counting.BASE_ALL, _("全体代表")
    PRESENT = counting.BASE_PRESENT, _("出席代表")


class ElectionBase(models.TextChoices):
    CAST = counting.BASE_CAST, _("收回选票")
    ALL = counting.BASE_ALL, _("全体代表")


class BlankBallot(models.TextChoices):
    VALID = counting.BLANK_VALID, _("有效票")
    INVALID = counting.BLANK_INVALID, _("无效票")


class TallyRule(models.TextChoices):
    EXACT = "exact", _("每名候选人赞成、反对、弃权之和等于有效票")
    AT_MOST = "at_most", _("每名候选人赞成、反对、弃权之和不多于有效票")


class Congress(ScopedModel):
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="congresses", verbose_name=_("工会")
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="congresses",
        verbose_name=_("单位"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=CongressKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    term_number = models.PositiveSmallIntegerField(_("届次"), default=1)
    term_start = models.DateField(_("任期开始"))
    term_years = models.PositiveSmallIntegerField(_("任期（年）"), default=5)
    seats = models.PositiveIntegerField(_("代表名额"))
    workforce_women_percent = models.DecimalField(
        _("职工中女职工比例（%）"), max_digits=5, decimal_places=2, default=0
    )
    # Rule settings, copied from the district settings when the congress is set up.
    quorum_num = models.PositiveSmallIntegerField(_("法定人数（分子）"), default=2)
    quorum_den = models.PositiveSmallIntegerField(_("法定人数（分母）"), default=3)
    pass_op = models.CharField(
        _("通过条件"), max_length=2, choices=PassOp.choices, default=PassOp.GT
    )
    pass_base = models.CharField(
        _("通过基数"), max_length=10, choices=PassBase.choices, default=PassBase.ALL
    )
    election_base = models.CharField(
        _("当选基数"), max_length=10, choices=ElectionBase.choices, default=ElectionBase.CAST
    )
    election_margin = models.PositiveSmallIntegerField(_("差额（至少多于名额）"), default=1)
    cosigners_min = models.PositiveSmallIntegerField(_("提案附议人数下限"), default=2)
    blank_ballot = models.CharField(
        _("空白选票计为"), max_length=10, choices=BlankBallot.choices, default=BlankBallot.VALID
    )
    tally_rule = models.CharField(
        _("纸质计票核对"), max_length=10, choices=TallyRule.choices, default=TallyRule.EXACT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("代表大会")
        verbose_name_plural = _("代表大会")

    def __str__(self):
        return self.name

    @property
    def term_end(self):
        return self.term_start.replace(year=self.term_start.year + self.term_years)

    @property
    def rule(self):
        return counting.Rule(
            quorum=Fraction(self.quorum_num, self.quorum_den),
            pass_op=self.pass_op,
            pass_base=self.pass_base,
            election_base=self.election_base,
            blank=self.blank_ballot,
        )

    def rule_text(self):
        return gettext(
            "法定人数 ≥ {num}/{den}；通过：赞成 {op} {pass_base}半数；"
            "当选：赞成 > {election_base}半数；差额 ≥ {margin}；空白选票计为{blank}"
        ).format(
            num=self.quorum_num,
            den=self.quorum_den,
            op=">" if self.pass_op == counting.GT else "≥",
            pass_base=self.get_pass_base_display(),
            election_base=self.get_election_base_display(),
            margin=self.election_margin,
            blank=self.get_blank_ballot_display(),
        )


class Constituency(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="constituencies")
    name = models.CharField(_("选区/代表团"), max_length=100)
    seats = models.PositiveIntegerField(_("名额"), default=1)

    class Meta:
        verbose_name = _("选区")
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="constituency_uniq")
        ]

    def __str__(self):
        return self.name


class DelegateStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    REPLACED = "replaced", _("已替补")
    RECALLED = "recalled", _("已罢免")
    LEFT = "left", _("已终止")


class Delegate(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegates",
        verbose_name=_("选区"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="delegacies",
        verbose_name=_("会员"),
    )
    is_manager = models.BooleanField(_("中层以上管理人员"), default=False)
    is_frontline = models.BooleanField(_("一线职工"), default=False)
    is_woman = models.BooleanField(_("女性"), default=False)
    is_observer = models.BooleanField(_("列席（无表决权）"), default=False)
    in_presidium = models.BooleanField(_("主席团成员"), default=False)
    elected_on = models.DateField(_("当选日期"), null=True, blank=True)
    election_record = models.CharField(
        _("选区选举情况"),
        max_length=200,
        blank=True,
        help_text=_("例如：应到 52 人，实到 50 人，得票 46"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=DelegateStatus.choices, default=DelegateStatus.ACTIVE
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("替补"),
    )

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "member"],
                condition=Q(status="active"),
                name="delegate_active_once",
            ),
        ]

    def __str__(self):
        return self.member.name

    @property
    def can_vote(self):
        return self.status == DelegateStatus.ACTIVE and not self.is_observer

    is_active = status_is(DelegateStatus.ACTIVE)


def _token():
    return secrets.token_urlsafe(18)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    # "In session" in English; the same 进行中 of a contest or a transfer is "In progress"
    OPEN = "open", pgettext_lazy("a congress session", "进行中")
    CLOSED = "closed", _("已闭会")


class Session(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("第几次会议"), default=1)
    title = models.CharField(_("会议名称"), max_length=150)
    starts_at = models.DateTimeField(_("开会时间"))
    venue = models.CharField(_("地点"), max_length=150, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    checkin_token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    minutes = models.TextField(_("会议纪要"), blank=True)
    closed_on = models.DateField(_("闭会日期"), null=True, blank=True)
    report_due = models.DateField(_("报上级工会截止"), null=True, blank=True)
    reported_on = models.DateField(_("已报上级工会日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")

    def __str__(self):
        return self.title

    is_planned = status_is(SessionStatus.PLANNED)
    is_open = status_is(SessionStatus.OPEN)
    is_closed = status_is(SessionStatus.CLOSED)


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("议程"), max_length=200)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Document(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("文件名称"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    file = models.FileField(_("附件"), upload_to="assemblies/docs/%Y/", blank=True)
    released_at = models.DateTimeField(_("发给代表时间"), null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title

    def days_before(self):
        if self.released_at is None:
            return None
        return (self.session.starts_at - self.released_at).days

    def released_in_time(self, days=7):
        before = self.days_before()
        return before is not None and before >= days


class CheckIn(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="checkins")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="checkins")
    at = models.DateTimeField(default=timezone.now)
    by_qr = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="checkin_once")]


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已立案")
    MERGED = "merged", _("已并案")
    RETURNED = "returned", _("不予立案（已退回）")
    ASSIGNED = "assigned", _("已交办")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Proposal(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="proposals")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("提案人")
    )
    cosigners = models.ManyToManyField(Delegate, related_name="cosigned", verbose_name=_("附议人"))
    title = models.CharField(_("案由"), max_length=200)
    body = models.TextField(_("理由及建议"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        verbose_name=_("并入"),
    )
    department = models.CharField(_("承办部门"), max_length=100, blank=True)
    answer = models.TextField(_("书面答复"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.CharField(
        _("代表满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")

    def __str__(self):
        return self.title


class PollKind(models.TextChoices):
    RESOLUTION = "resolution", _("决议表决")
    ELECTION = "election", _("选举")


class PollMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("电子表决（代表手机）")
    PAPER = "paper", _("纸质票/举手（人工计票）")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("未开始")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已结束")


class Poll(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="polls")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="polls"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=PollKind.choices)
    title = models.CharField(_("表决事项"), max_length=200)
    is_secret = models.BooleanField(_("无记名投票"), default=True)
    method = models.CharField(
        _("方式"), max_length=10, choices=PollMethod.choices, default=PollMethod.ELECTRONIC
    )
    seats = models.PositiveSmallIntegerField(_("应选名额"), default=0)
    allow_write_in = models.BooleanField(_("允许另选他人"), default=False)
    runoff_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
        verbose_name=_("再次投票"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Fixed when the poll closes: counts and the text of the arithmetic.
    present = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_text = models.TextField(blank=True)
    # Secret electronic polls: the X25519 public key ballots are sealed with (set at opening).
    public_key = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")

    def __str__(self):
        return self.title

    @property
    def is_sealed(self):
        """Ballots of a secret electronic poll are sealed at cast time and opened at closing."""
        return self.is_secret and self.method == PollMethod.ELECTRONIC

    is_draft = status_is(PollStatus.DRAFT)
    is_open = status_is(PollStatus.OPEN)
    is_closed = status_is(PollStatus.CLOSED)

    @property
    def quorum_display(self):
        """The quorum arithmetic of the fixed result, in the current language."""
        if not self.result or self.present is None or self.total is None:
            return ""
        return counting.quorum(self.present, self.total, self.session.congress.rule.quorum).text

    @property
    def result_display(self):
        """``result_text`` in the current language, rebuilt from the fixed figures (the stored
        text stays as written at closing, for the record)."""
        if not self.result or self.present is None or self.total is None:
            return self.result_text
        congress = self.session.congress
        figures = {"total": self.total, "present": self.present, "rule": congress.rule}
        if self.kind == PollKind.RESOLUTION:
            text = counting.fixed_resolution_text(self.result, **figures)
        else:
            text = counting.fixed_election_text(self.result, seats=self.seats, **figures)
        return gettext("{text}。依据：{rule}").format(text=text, rule=congress.rule_text())


class Scrutineer(models.Model):
    """总监票人 or 监票人 of a poll, holding one half of the poll's private key under their own
    passphrase until closing (then the wrapped half is wiped)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="scrutineers")
    name = models.CharField(_("姓名"), max_length=50)
    is_chief = models.BooleanField(_("总监票人"), default=False)
    salt = models.BinaryField(editable=False)
    wrapped_share = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-is_chief", "id"]

    def __str__(self):
        return self.name


class SealedBallot(models.Model):
    """A ballot as cast into a secret electronic poll: ciphertext only (choices and receipt hash
    sealed with the poll's public key, padded to one length). Opened and deleted at closing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="sealed_ballots")
    sealed = models.BinaryField()


class Candidate(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("姓名"), max_length=50)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)  # surname stroke order

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Participation(models.Model):
    """That a delegate voted in a poll: never what. Random key, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="participations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "delegate"], name="vote_once")]


class AnonymousBallot(models.Model):
    """What was voted, with no voter and no time: a random key, the poll, the choices, and the
    SHA-256 of the receipt code the voter was shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    choices = models.JSONField()
    receipt_hash = models.CharField(max_length=64, unique=True)


class OpenVote(models.Model):
    """A named vote in an *open* (记名) poll: only ever written for polls that are not secret."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="open_votes")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="open_votes")
    choices = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "delegate"], name="open_vote_once")]


class PaperTally(models.Model):
    """Counts of a paper (or show-of-hands) poll: entered by one person, confirmed by another."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="tally")
    counts = models.JSONField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
