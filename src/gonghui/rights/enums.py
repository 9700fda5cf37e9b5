"""Choices of the rights module: request categories, channels, states, case kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    WAGES = "wages", _("欠薪讨薪")
    CONTRACT = "contract", _("劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    WORKING_HOURS = "working_hours", _("工作时间与休息休假")
    SAFETY = "safety", _("安全生产与职业健康")
    DISMISSAL = "dismissal", _("解除劳动关系")
    DISCRIMINATION = "discrimination", _("就业歧视")
    ADVICE = "advice", _("求助与咨询")
    OTHER = "other", _("其他")


# Working days to answer, per category (defaults of the settings ``rights.deadline_days.<cat>``).
DEFAULT_DEADLINES = {
    Category.WAGES: 5,
    Category.CONTRACT: 10,
    Category.SOCIAL_INSURANCE: 10,
    Category.WORKING_HOURS: 10,
    Category.SAFETY: 2,
    Category.DISMISSAL: 7,
    Category.DISCRIMINATION: 10,
    Category.ADVICE: 5,
    Category.OTHER: 10,
}


class Channel(models.TextChoices):
    APP = "app", _("职工手机端")
    HOTLINE = "hotline", _("12351 热线（工作人员录入）")
    STAFF = "staff", _("工作人员代为登记")


class Status(models.TextChoices):
    NEW = "new", _("待受理")
    IN_PROGRESS = "in_progress", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)


class ClosureReason(models.TextChoices):
    RATED = "rated", _("职工已评价")
    NO_RESPONSE = "no_response", _("职工逾期未评价")
    WITHDRAWN = "withdrawn", _("职工撤回")
    DUPLICATE = "duplicate", _("重复诉求")
    REFERRED = "referred", _("已移交劳动监察/仲裁/法院")
    OUT_OF_SCOPE = "out_of_scope", _("不属于工会受理范围")


STAFF_CLOSURE_REASONS = [c for c in ClosureReason.choices if c[0] != ClosureReason.RATED]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交诉求")
    ROUTED = "routed", _("分派到工会")
    URGENT = "urgent", _("标记为紧急")
    ACKNOWLEDGED = "acknowledged", _("区总工会已知悉")
    ASSIGNED = "assigned", _("指定承办人")
    NOTE = "note", _("办理记录")
    REMINDER = "reminder", _("到期提醒")
    ESCALATED = "escalated", _("逾期自动升级")
    TRANSFERRED = "transferred", _("转办")
    ANSWERED = "answered", _("书面答复")
    RATED = "rated", _("职工评价")
    REOPENED = "reopened", _("职工申请重新办理")
    CLOSED = "closed", _("办结")
    CASE_OPENED = "case_opened", _("转入法律援助/调解")


class CaseKind(models.TextChoices):
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("劳动争议调解")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    AGREED = "agreed", _("已达成协议")
    CLOSED = "closed", _("已结案")


class CaseOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("调解成功")
    AWARD = "award", _("仲裁/判决支持")
    PARTIAL = "partial", _("部分支持")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("申请人撤回")


class PartyRole(models.TextChoices):
    WORKER = "worker", _("职工（申请人）")
    EMPLOYER = "employer", _("用人单位（被申请人）")
    THIRD = "third", _("第三人")


class SessionKind(models.TextChoices):
    MEDIATION = "mediation", _("调解会")
    ARBITRATION = "arbitration", _("仲裁庭审")
    COURT = "court", _("法院庭审")
    CONSULTATION = "consultation", _("法律咨询")


class HomeRatingStatus(models.TextChoices):
    DRAFT = "draft", _("自评中")
    SUBMITTED = "submitted", _("待上级审核")
    REVIEWED = "reviewed", _("已评定")
    RETURNED = "returned", _("已退回")
