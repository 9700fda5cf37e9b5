"""The states and kinds of union life; the Chinese label is what every page and export shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reach(models.TextChoices):
    SUBTREE = "subtree", _("下属全部工会")
    CHOSEN = "chosen", _("指定工会")


class Audience(models.TextChoices):
    ALL = "all", _("工作人员和会员")
    STAFF = "staff", _("仅工会工作人员")
    MEMBERS = "members", _("仅会员")


class ResponseKind(models.TextChoices):
    NONE = "none", _("无需回复")
    CONFIRM = "confirm", _("需确认收到")
    REPLY = "reply", _("需书面回复")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class ActivityKind(models.TextChoices):
    SPORTS = "sports", _("文体活动")
    LECTURE = "lecture", _("讲座")
    READING = "reading", _("职工书屋读书会")
    VOLUNTEER = "volunteer", _("志愿服务")
    FAMILY = "family", _("亲子/家庭日")
    OTHER = "other", _("其他")


class Eligibility(models.TextChoices):
    SUBTREE = "subtree", _("本级及下属工会会员")
    UNION = "union", _("仅本工会会员")


class ActivityStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    CANCELLED = "cancelled", _("已取消")
    FINISHED = "finished", _("已结束")


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class CheckinMethod(models.TextChoices):
    QR = "qr", _("扫活动二维码")
    CARD = "card", _("工作人员扫会员证")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTI = "multi", _("多选")
    SCALE = "scale", _("量表打分")
    TEXT = "text", _("填空")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("收集中")
    CLOSED = "closed", _("已结束")


class CourseMode(models.TextChoices):
    IN_PERSON = "in_person", _("线下面授")
    ONLINE = "online", _("线上学习")


class CourseAudience(models.TextChoices):
    MEMBERS = "members", _("会员报名学习")
    OFFICIALS = "officials", _("工会干部培训（由工作人员登记）")


class CourseStatus(models.TextChoices):
    OPEN = "open", _("报名中")
    CLOSED = "closed", _("已结课")
    CANCELLED = "cancelled", _("已取消")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("学习中")
    COMPLETED = "completed", _("已结业")
    WITHDRAWN = "withdrawn", _("已退出")


class AgeBand(models.TextChoices):
    """The member-attribute filter's age bands (age on the day of the check)."""

    ANY = "", _("不限年龄")
    UNDER_35 = "u35", _("35 岁以下（青年职工）")
    FROM_35_TO_50 = "35_50", _("35 至 50 岁")
    OVER_50 = "o50", _("50 岁以上")
