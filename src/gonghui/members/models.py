"""Real-name members (会员实名制): one person, one member record across the whole district."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import BlindIndexField, EncryptedTextField
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.scoping import ScopedModel


def normalize_id(value):
    return value.strip().upper()


def normalize_phone(value):
    return "".join(ch for ch in value if ch.isdigit())[-11:]


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class EmploymentForm(models.TextChoices):
    REGULAR = "regular", _("劳动合同制")
    DISPATCH = "dispatch", _("劳务派遣")
    MIGRANT = "migrant", _("农民工")
    NEW_FORM = "new_form", _("新就业形态")
    RETIRED_REEMPLOYED = "retired_reemployed", _("退休返聘")
    OTHER = "other", _("其他")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在会")
    TRANSFERRED_OUT = "transferred_out", _("已转出")
    RETIRED = "retired", _("退休（保留会籍）")
    UNEMPLOYED = "unemployed", _("失业（保留会籍）")
    WITHDRAWN = "withdrawn", _("退会")
    DECEASED = "deceased", _("去世")


# Statuses in which a person keeps membership (counted as members).
KEEPS_MEMBERSHIP = frozenset({MemberStatus.ACTIVE, MemberStatus.RETIRED, MemberStatus.UNEMPLOYED})


class Member(ScopedModel):
    _scope_path_field = "org_path"

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="members",
                            verbose_name=_("所在工会"))
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    employer = models.ForeignKey("orgs.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="members", verbose_name=_("工作单位"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="member")
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(max_length=50, blank=True, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    id_number = EncryptedTextField(_("身份证号"), normalizer=normalize_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", unique=True)
    id_tail = models.CharField(max_length=6, blank=True, db_index=True)
    phone = EncryptedTextField(_("手机号"), normalizer=normalize_phone, mask=mask_phone)
    phone_index = BlindIndexField(source="phone", db_index=True)
    phone_tail = models.CharField(max_length=4, blank=True, db_index=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    employment_form = models.CharField(_("用工形式"), max_length=20,
                                       choices=EmploymentForm.choices,
                                       default=EmploymentForm.REGULAR)
    join_date = models.DateField(_("入会日期"))
    card_number = models.CharField(_("会员证号"), max_length=30, unique=True)
    status = models.CharField(_("会籍状态"), max_length=20, choices=MemberStatus.choices,
                              default=MemberStatus.ACTIVE, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        indexes = [models.Index(fields=["org_path", "id"], name="member_path_id")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.org.path
        if self.id_number:
            self.id_tail = self.id_number[-6:]
        if self.phone:
            self.phone_tail = normalize_phone(self.phone)[-4:]
        super().save(*args, **kwargs)

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self):
        return mask_phone(self.phone)
