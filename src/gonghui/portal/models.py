"""The member's own side: one-time text-message codes, invitations to activate, and the
member's requests to correct their data (PIPL)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedTextField
from gonghui.core.masking import mask_text
from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import ScopedModel
from gonghui.core.workflow import status_is


class CodePurpose(models.TextChoices):
    ACTIVATE = "activate", _("激活账号")
    LOGIN = "login", _("验证码登录")
    RESET = "reset", _("重设密码")


class SmsCode(models.Model):
    """A one-time code sent by text message. Only its keyed hash is kept; it expires and is
    used at most once. ``phone_index`` is the phone's blind index (never the number)."""

    phone_index = models.CharField(max_length=32)
    purpose = models.CharField(max_length=20, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["phone_index", "purpose"], name="portal_code_phone")]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(ScopedModel, CreatedBy):
    """An invitation to activate, sent to a roster member's phone with a one-time link."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("激活邀请")
        verbose_name_plural = _("激活邀请")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return gettext("{member} 激活邀请").format(member=self.member)


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DONE = "done", _("已更正")
    DECLINED = "declined", _("不予更正")


class CorrectionRequest(ScopedModel):
    """A member asks their union to correct data held about them (个人信息更正请求)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="correction_requests"
    )
    field_label = models.CharField(_("需更正的信息"), max_length=50)
    text = EncryptedTextField(_("更正内容"), mask=mask_text)
    status = models.CharField(
        _("状态"), max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    due_on = models.DateField(_("答复期限"))
    answer = models.CharField(_("答复"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信息更正请求")
        verbose_name_plural = _("信息更正请求")
        ordering = ["-created_at", "-id"]

    is_open = status_is(CorrectionStatus.OPEN)  # not answered yet

    def __str__(self):
        return f"{self.member} {self.field_label}"


class OfficialMember(ScopedModel):
    """An official (chair, vice-chair, committee member ...) is a member: the link between the
    official's record in a term and their member record."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    official = models.OneToOneField(
        "orgs.Official", on_delete=models.CASCADE, related_name="member_link"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="official_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("干部会员关联")
        verbose_name_plural = _("干部会员关联")

    def __str__(self):
        return f"{self.official} → {self.member}"
