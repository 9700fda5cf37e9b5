"""The union tree, employers, and committee terms with their officials."""

import datetime

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core import notes
from gonghui.core.enums import Gender
from gonghui.core.models_base import Edited
from gonghui.core.scoping import ScopedModel
from gonghui.core.text.punctuation import annotated
from gonghui.core.tree import (  # noqa: F401  (the tree lives in the core layer)
    GRASSROOTS_KINDS,
    MULTI_EMPLOYER_KINDS,
    Org,
    OrgKind,
    OrgManager,
    OrgQuerySet,
    OrgStatus,
)


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("制造业")
    CONSTRUCTION = "construction", _("建筑业")
    RETAIL = "retail", _("批发和零售业")
    LOGISTICS = "logistics", _("交通运输、仓储和邮政业")
    HOSPITALITY = "hospitality", _("住宿和餐饮业")
    IT = "it", _("信息传输、软件和信息技术服务业")
    FINANCE = "finance", _("金融业")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("卫生和社会工作")
    PUBLIC = "public", _("公共管理和社会组织")
    PLATFORM = "platform", _("平台经济（新就业形态）")
    OTHER = "other", _("其他")


class Ownership(models.TextChoices):
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")
    HMT = "hmt", _("港澳台资")
    INSTITUTION = "institution", _("事业单位")
    AGENCY = "agency", _("机关")
    SOCIAL = "social", _("社会组织")
    OTHER = "other", _("其他")


class Employer(ScopedModel, Edited):
    """A legal-person unit. ``org`` is the union that owns its record: its grassroots union once
    unionised, otherwise the street or industry union that covers it."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="employers", verbose_name=_("所属工会")
    )
    name = models.CharField(_("单位名称"), max_length=150, db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    industry = models.CharField(_("行业"), max_length=30, choices=Industry.choices)
    ownership = models.CharField(_("经济类型"), max_length=20, choices=Ownership.choices)
    headcount = models.PositiveIntegerField(_("职工人数"), default=0)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("存续"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = pgettext_lazy("employers, plural", "单位")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def has_union(self):
        return self.org.kind in GRASSROOTS_KINDS or self.org.kind == OrgKind.GROUP


class TermKind(models.TextChoices):
    COMMITTEE = "committee", _("工会委员会")
    ORGANISER = "organiser", _("组织员")


class Term(ScopedModel):
    """One committee term (届) of a union, 3 or 5 years."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="terms")
    kind = models.CharField(_("类型"), max_length=20, choices=TermKind.choices)
    number = models.PositiveIntegerField(_("届次"), default=1)
    start_date = models.DateField(_("任期开始"))
    end_date = models.DateField(_("任期届满"))
    is_current = models.BooleanField(_("本届"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("任期")
        verbose_name_plural = _("任期")
        ordering = ["org__path", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="term_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["org"], condition=models.Q(is_current=True), name="one_current_term"
            ),
        ]

    def __str__(self):
        return gettext("{org} 第{number}届").format(org=self.org, number=self.number)

    # the note as the reader reads it: typed, or the system's (the approval's number) worded
    note_text = notes.worded("note")

    def days_left(self, today=None):
        return (self.end_date - (today or datetime.date.today())).days


class Position(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    MEMBER = "member", _("委员")
    ORGANISER = "organiser", _("组织员")
    WOMEN_CHAIR = "women_chair", _("女职工委员会主任")
    WOMEN_MEMBER = "women_member", _("女职工委员会委员")
    FUNDS_CHAIR = "funds_chair", _("经费审查委员会主任")


class Official(ScopedModel):
    """A person holding a position in a term."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="officials")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="officials")
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    position = models.CharField(_("职务"), max_length=20, choices=Position.choices)
    is_full_time = models.BooleanField(_("专职"), default=False)
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("工会干部")
        verbose_name_plural = _("工会干部")
        ordering = ["org__path", "position", "name"]

    def __str__(self):
        return annotated(self.name, self.get_position_display())
