"""Affairs disclosure (厂务公开): categories, disclosed items, their attachments and the workers'
questions."""

import datetime

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gonghui.core import config
from gonghui.core.models_base import Edited
from gonghui.core.scoping import ScopedModel
from gonghui.core.text.punctuation import labelled, semicolon
from gonghui.core.workflow import status_is

from .. import policy
from ._common import USER

# --- Affairs disclosure -----------------------------------------------------------------------


class DisclosureCategory(models.Model):
    """A category of disclosed affairs; ``required`` ones make the yearly checklist.

    District-wide configuration (not union-owned), edited by the district admin; seeded by a
    data migration with the categories the 厂务公开 rules require.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    required = models.BooleanField(_("每年必须公开"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("厂务公开类别")
        verbose_name_plural = _("厂务公开类别")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    NOTICE_BOARD = "notice_board", _("公开栏")
    ONLINE = "online", _("网上公开（平台/内网）")
    MEETING = "meeting", _("职工大会/职代会")
    BULLETIN = "bulletin", _("厂务公开简报/会议纪要")
    OTHER = "other", _("其他")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    POSTED = "posted", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class Disclosure(ScopedModel, Edited):
    """One disclosed item of an employer. ``org`` is the employer's union."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer",
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("单位"),
    )
    category = models.ForeignKey(
        DisclosureCategory,
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("公开类别"),
    )
    title = models.CharField(_("标题"), max_length=150)
    body = models.TextField(_("公开内容"))
    decision_date = models.DateField(_("决定日期"))
    posted_on = models.DateField(_("公开日期"), null=True, blank=True)
    display_until = models.DateField(_("公开截止日期"), null=True, blank=True)
    channels = models.JSONField(_("公开渠道"), default=list, blank=True)
    # Decided when posted (and kept): the posting deadline, the window's length, the flags and
    # the rules that decided them.
    post_due = models.DateField(_("应公开期限"), null=True, blank=True)
    display_days = models.PositiveIntegerField(_("公开天数"), null=True, blank=True)
    is_late = models.BooleanField(_("逾期公开"), default=False)
    is_short = models.BooleanField(_("公开时间不足"), default=False)
    # The facts and settings that decided them, as data (``rule_text`` words them in the
    # reader's language). ``rule_note``: the text items posted before kept it as written.
    rule = models.JSONField(_("判定依据"), default=dict, blank=True)
    rule_note = models.TextField(_("判定依据"), blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=DisclosureStatus.choices,
        default=DisclosureStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("厂务公开事项")
        verbose_name_plural = _("厂务公开事项")
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["employer", "decision_date"], name="wp_disc_emp_date")]

    is_posted = status_is(DisclosureStatus.POSTED)  # posted for the workers to read
    # withdrawn: no longer posted, nor posted again
    is_withdrawn = status_is(DisclosureStatus.WITHDRAWN)

    def __str__(self):
        return self.title

    @property
    def rule_text(self):
        """Why the item was judged late or short, in the current language."""
        if not self.rule:
            return self.rule_note
        kept = self.rule
        due = policy.Deadline(
            datetime.date.fromisoformat(kept["start"]),
            kept["days"],
            datetime.date.fromisoformat(kept["due"]),
            kept["kind"],
            kept["rolled"],
        )
        return semicolon().join(
            [
                translation.gettext("应公开期限：{text}，至 {due}").format(
                    text=due.text, due=kept["due"]
                ),
                translation.gettext("公开 {days} 天（{kind}），最短 {minimum} 天").format(
                    days=kept["display_days"],
                    kind=policy.DAY_KINDS[due.kind],
                    minimum=kept["minimum"],
                ),
                *(config.describe_snapshot(setting) for setting in kept["settings"]),
            ]
        )

    def channel_labels(self):
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


def attachment_path(instance, filename):
    return f"workplace/{timezone.localdate():%Y/%m}/{filename}"


class DisclosureAttachment(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开附件")
        verbose_name_plural = _("公开附件")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("询问")
    OBJECTION = "objection", _("异议")


class DisclosureQuestion(ScopedModel):
    """A worker's question or objection about a disclosed item; the union answers by ``due_on``."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="questions")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("类型"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.QUESTION
    )
    text = models.TextField(_("内容"))
    asked_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("职工询问/异议")
        verbose_name_plural = _("职工询问/异议")
        ordering = ["-asked_on", "-id"]

    def __str__(self):
        return labelled(self.get_kind_display(), self.text[:20])

    def is_overdue(self, today=None):
        return self.answered_on is None and (today or timezone.localdate()) > self.due_on
