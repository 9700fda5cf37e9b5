"""Kept statistics: for every org, the totals of its whole subtree, so that a dashboard for any
level reads one row per org instead of counting a million members per request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is


class OrgRollup(ScopedModel):
    """Totals of ``org``'s whole subtree as of ``computed_at``."""

    org = models.OneToOneField("orgs.Org", on_delete=models.CASCADE, related_name="rollup")
    computed_at = models.DateTimeField()
    members = models.PositiveIntegerField(default=0)  # keeping membership
    by_status = models.JSONField(default=dict)
    by_form = models.JSONField(default=dict)
    by_gender = models.JSONField(default=dict)
    by_age = models.JSONField(default=dict)
    joins_by_month = models.JSONField(default=dict)
    new_form_joins_by_month = models.JSONField(default=dict)
    employers = models.PositiveIntegerField(default=0)
    unionised_employers = models.PositiveIntegerField(default=0)
    large_employers = models.PositiveIntegerField(default=0)
    unionised_large_employers = models.PositiveIntegerField(default=0)
    workers = models.PositiveIntegerField(default=0)
    workers_in_unionised = models.PositiveIntegerField(default=0)
    grassroots_unions = models.PositiveIntegerField(default=0)
    overdue_terms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("组织统计")


class RollupState(models.Model):
    """The one row (pk=1) saying when the roll-ups were computed, how long that took and since
    when members changed after it (``dirty_since``). Locked while recomputing so that two
    readers finding the figures stale do not both rebuild them."""

    computed_at = models.DateTimeField(null=True)
    duration_ms = models.PositiveIntegerField(default=0)
    dirty_since = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("统计计算状态")


class ReturnLayout(models.Model):
    """The district's layout of the annual statistics return for ``year`` (see ``layouts.py``).
    Owned by the top org of the tree; every level of that tree reads it, only the district edits
    it. A year without its own layout uses the newest earlier one, else the shipped default."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    definition = models.JSONField(_("报表定义"))
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("统计年报表式")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_return_layout_per_year")
        ]


class FilingStatus(models.TextChoices):
    NOT_OPENED = "not_opened", _("未打开")
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已采用")


class FilingTask(ScopedModel, CreatedBy):
    """A form (填报任务) that ``org`` sends to chosen unions below it. ``fields`` is a list of
    ``{"key", "label", "measure"}``; a field with a measure (see ``measures.py``) is prefilled
    from live data for the year ``year``. A task passed down by a level that received it has
    ``parent``: that level's own return, into which its unions' accepted figures roll up."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("发出单位")
    )
    parent = models.ForeignKey(
        "FilingReturn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
        verbose_name=_("上级任务中的本级填报"),
    )
    title = models.CharField(_("任务名称"), max_length=100)
    instructions = models.TextField(_("填报说明"), blank=True)
    year = models.PositiveSmallIntegerField(_("统计年度"))
    fields = models.JSONField(_("填报项目"))
    working_days = models.PositiveSmallIntegerField(_("填报期限（工作日）"))
    deadline = models.DateField(_("截止日期"))

    class Meta:
        verbose_name = _("填报任务")
        verbose_name_plural = _("填报任务")

    def __str__(self):
        return self.title


class FilingReturn(ScopedModel):
    """One union's answer to a ``FilingTask``. ``values`` maps a field key to
    ``{"value": "12", "live": "12" or None, "reason": ""}`` and, once the task was passed down
    and a union below accepted, ``"rolled": "30"`` (the sum of the accepted answers below) and
    ``"rolled_from": 2`` (how many); a value that differs from the roll-up (else from the live
    figure) carries the reason it was corrected."""

    task = models.ForeignKey(FilingTask, on_delete=models.CASCADE, related_name="returns")
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("填报单位")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.NOT_OPENED
    )
    values = models.JSONField(default=dict)
    comment = models.CharField(_("退回意见"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("催报次数"), default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("填报")
        verbose_name_plural = _("填报")
        constraints = [
            models.UniqueConstraint(fields=["task", "org"], name="one_filing_return_per_union")
        ]

    is_unopened = status_is(FilingStatus.NOT_OPENED)  # not opened by the union yet
    # being filled in, or returned for changes: the union may still edit it
    is_editable = status_is(FilingStatus.DRAFT, FilingStatus.RETURNED)
    is_submitted = status_is(FilingStatus.SUBMITTED)  # submitted and waiting for review
    is_returned = status_is(FilingStatus.RETURNED)  # returned to the union with a comment
    is_accepted = status_is(FilingStatus.ACCEPTED)  # accepted: its figures roll up

    def __str__(self):
        return f"{self.task.title} · {self.org.name}"
