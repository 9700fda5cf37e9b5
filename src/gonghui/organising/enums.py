"""Choices of the organising work; the Chinese label is what every page, PDF and export shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The organising pipeline of an employer without a union."""

    FOUND = "found", _("发现")
    CONTACTED = "contacted", _("联系")
    PREPARING = "preparing", _("筹备")
    FOUNDED = "founded", _("建会")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("上门走访")
    PHONE = "phone", _("电话联系")
    MEETING = "meeting", _("座谈宣讲")
    OTHER = "other", _("其他")


class SizeBand(models.TextChoices):
    """Employer size by headcount, as the list filters it."""

    MICRO = "micro", _("25 人以下")
    SMALL = "small", _("25–99 人")
    MEDIUM = "medium", _("100–299 人")
    LARGE = "large", _("300 人及以上")


SIZE_BOUNDS = {
    SizeBand.MICRO: (0, 25),
    SizeBand.SMALL: (25, 100),
    SizeBand.MEDIUM: (100, 300),
    SizeBand.LARGE: (300, None),
}


class FoundingStatus(models.TextChoices):
    PREPARING = "preparing", _("组建筹备组")
    CONSENT_REQUESTED = "consent_requested", _("待上级同意筹备")
    RECRUITING = "recruiting", _("发展会员")
    ELECTING = "electing", _("会员大会选举")
    ELECTED = "elected", _("选举完成")
    APPROVAL_REQUESTED = "approval_requested", _("待上级批复")
    APPROVED = "approved", _("已批复，待登记")
    REGISTERED = "registered", _("已建会")
    WITHDRAWN = "withdrawn", _("已终止")


class TermChangeStatus(models.TextChoices):
    DRAFT = "draft", _("拟定换届计划")
    SUBMITTED = "submitted", _("待上级审批计划")
    PLAN_APPROVED = "plan_approved", _("计划已批准，待选举")
    ELECTING = "electing", _("选举中")
    RESULT_SUBMITTED = "result_submitted", _("待上级审批选举结果")
    COMPLETED = "completed", _("新一届已产生")
    WITHDRAWN = "withdrawn", _("已终止")


class FoundingDocument(models.TextChoices):
    CONSENT_REQUEST = "consent_request", _("关于成立工会筹备组的请示")
    CONSENT = "consent", _("关于同意成立工会筹备组的批复")
    APPROVAL_REQUEST = "approval_request", _("关于工会成立选举结果的请示")
    APPROVAL = "approval", _("关于同意工会选举结果的批复")
    REGISTRATION = "registration", _("工会组织登记表")


class TermDocument(models.TextChoices):
    PLAN = "plan", _("关于工会换届选举的请示")
    PLAN_APPROVAL = "plan_approval", _("关于同意工会换届选举计划的批复")
    RESULT_APPROVAL = "result_approval", _("关于同意工会换届选举结果的批复")
