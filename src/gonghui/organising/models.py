"""Employers without a union (prospects) with their visits, founding a union (建会) and term
changes (换届) with the upper level's approvals."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.models_base import CreatedBy, Edited
from gonghui.core.scoping import ScopedModel

from .enums import FoundingStatus, Stage, TermChangeStatus, VisitKind


class Prospect(ScopedModel, Edited):
    """An employer without a union that the organisers work on. ``org`` is the union that
    covered the employer when the work began (its street or industry union)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("负责工会")
    )
    employer = models.OneToOneField(
        "orgs.Employer", on_delete=models.PROTECT, related_name="prospect", verbose_name=_("单位")
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.FOUND)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("组织员"),
    )
    next_visit_on = models.DateField(_("下次走访"), null=True, blank=True)
    found_on = models.DateField(_("发现日期"), default=datetime.date.today)
    contacted_on = models.DateField(_("首次联系日期"), null=True, blank=True)
    preparing_on = models.DateField(_("开始筹备日期"), null=True, blank=True)
    founded_on = models.DateField(_("建会日期"), null=True, blank=True)
    union = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所建/所入工会"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("建会对象")
        verbose_name_plural = _("建会对象")
        ordering = ["-employer__headcount", "id"]

    def __str__(self):
        return str(self.employer)


class Visit(ScopedModel):
    """A contact with an employer: a visit, a call or a meeting, with what came of it."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("方式"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("日期"))
    contact_name = models.CharField(_("对接人"), max_length=50, blank=True)
    summary = models.CharField(_("情况记录"), max_length=500)
    next_visit_on = models.DateField(_("下次走访"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]


class DecidedAbove(ScopedModel, CreatedBy):
    """What a founding and a term change share: steps the upper level decides on, each with a
    deadline (``due_on``) and, when it sends the case back, a reason; the election held in the
    assemblies module (``poll``) and its result."""

    due_on = models.DateField(_("本步骤期限"), null=True, blank=True)
    poll = models.ForeignKey(
        "assemblies.Poll", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    elected = models.JSONField(_("当选人"), default=list, blank=True)
    election_text = models.TextField(_("选举结果说明"), blank=True)
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_overdue(self):
        return self.due_on is not None and self.due_on < datetime.date.today()


class Founding(DecidedAbove):
    """Founding a union at one employer (建会), run by ``org`` (the street or industry union
    that is the new union's upper level)."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("上级工会")
    )
    prospect = models.ForeignKey(
        Prospect, on_delete=models.PROTECT, related_name="foundings", verbose_name=_("建会对象")
    )
    employer = models.ForeignKey(
        "orgs.Employer", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    status = models.CharField(
        _("进度"), max_length=30, choices=FoundingStatus.choices, default=FoundingStatus.PREPARING
    )
    union_name = models.CharField(_("拟成立工会名称"), max_length=100)
    union_kind = models.CharField(_("工会类型"), max_length=20, default="grassroots")
    committee = models.TextField(_("筹备组成员"), help_text=_("组长、成员姓名及职务"))
    contact = models.CharField(_("筹备组联系人"), max_length=50)
    requested_on = models.DateField(_("报请筹备日期"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_no = models.CharField(_("同意筹备批复文号"), max_length=50, blank=True)
    consented_on = models.DateField(_("同意筹备日期"), null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    union = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("新工会"),
    )
    seats = models.PositiveSmallIntegerField(_("委员名额"), default=0)
    candidates = models.JSONField(_("候选人"), default=list, blank=True)
    approval_requested_on = models.DateField(_("报请批复日期"), null=True, blank=True)
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_no = models.CharField(_("批复文号"), max_length=50, blank=True)
    approved_on = models.DateField(_("批复日期"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(_("任期（年）"), default=5)

    class Meta:
        verbose_name = _("建会")
        verbose_name_plural = _("建会")
        ordering = ["-created_at", "-id"]

    @property
    def is_under_way(self):
        """Neither registered nor withdrawn: the recruitment still counts."""
        return self.status not in (FoundingStatus.REGISTERED, FoundingStatus.WITHDRAWN)

    def __str__(self):
        return str(self.union_name)


class TermChange(DecidedAbove):
    """A union's term change (换届): plan → upper level's approval → election → result approval →
    the new term and its officials."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("工会")
    )
    term = models.ForeignKey(
        "orgs.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("本届任期"),
    )
    status = models.CharField(
        _("进度"), max_length=30, choices=TermChangeStatus.choices, default=TermChangeStatus.DRAFT
    )
    plan = models.TextField(_("换届选举工作方案"))
    candidates = models.JSONField(_("候选人预备人选"), default=list)
    seats = models.PositiveSmallIntegerField(_("委员名额"))
    years = models.PositiveSmallIntegerField(_("新一届任期（年）"), default=5)
    election_on = models.DateField(_("拟选举日期"))
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    plan_no = models.CharField(_("计划批复文号"), max_length=50, blank=True)
    plan_approved_on = models.DateField(_("计划批准日期"), null=True, blank=True)
    plan_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_submitted_on = models.DateField(_("结果报送日期"), null=True, blank=True)
    result_no = models.CharField(_("结果批复文号"), max_length=50, blank=True)
    result_approved_on = models.DateField(_("结果批准日期"), null=True, blank=True)
    result_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_term = models.ForeignKey(
        "orgs.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("换届")
        verbose_name_plural = _("换届")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org"],
                condition=~models.Q(status__in=["completed", "withdrawn"]),
                name="one_open_term_change",
            ),
        ]

    def __str__(self):
        return gettext("{org} 换届").format(org=self.org)
