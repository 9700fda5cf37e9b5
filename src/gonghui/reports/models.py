"""Kept statistics: for every org, the totals of its whole subtree, so that a dashboard for any
level reads one row per org instead of counting a million members per request."""

from django.db import models

from gonghui.core.scoping import ScopedModel


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
        verbose_name = "组织统计"


class RollupState(models.Model):
    """The one row (pk=1) saying when the roll-ups were computed, how long that took and since
    when members changed after it (``dirty_since``). Locked while recomputing so that two
    readers finding the figures stale do not both rebuild them."""

    computed_at = models.DateTimeField(null=True)
    duration_ms = models.PositiveIntegerField(default=0)
    dirty_since = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "统计计算状态"


class ReturnLayout(models.Model):
    """The district's layout of the annual statistics return for ``year`` (see ``layouts.py``).
    Owned by the top org of the tree; every level of that tree reads it, only the district edits
    it. A year without its own layout uses the newest earlier one, else the shipped default."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    definition = models.JSONField("报表定义")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "统计年报表式"
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_return_layout_per_year")
        ]
