"""Notices (通知公告): a level sends sanitised rich text with attachments down the tree; each
addressed union has a receipt (read, confirmed or replied by its staff); members' reads are
counted per union."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedModel, ViaParent
from gonghui.core.workflow import status_is

from ..enums import Audience, NoticeStatus, Reach, ResponseKind
from ._common import NOTICE_RULE, Organised


class Notice(Organised):
    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="life_notices",
        verbose_name=_("发布单位"),
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))  # sanitised HTML (services.notices.clean_html)
    reach = models.CharField(_("发送范围"), max_length=20, choices=Reach.choices)
    audience = models.CharField(_("发送对象"), max_length=20, choices=Audience.choices)
    response = models.CharField(
        _("回复要求"), max_length=20, choices=ResponseKind.choices, default=ResponseKind.NONE
    )
    due_working_days = models.PositiveSmallIntegerField(
        _("回复期限（工作日）"), null=True, blank=True
    )
    due_on = models.DateField(_("回复截止日"), null=True, blank=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    is_public = models.BooleanField(_("对外公开"), default=False)
    public_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_rule = NOTICE_RULE

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-pinned", "-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response="none") | models.Q(due_working_days__isnull=False),
                name="life_notice_due_when_response",
            ),
        ]

    # published (not a draft, not withdrawn): it may be answered or withdrawn
    is_published = status_is(NoticeStatus.PUBLISHED)

    def __str__(self):
        return self.title

    is_draft = status_is(NoticeStatus.DRAFT)

    @property
    def needs_response(self):
        return self.response != ResponseKind.NONE


class NoticeAttachment(ScopedModel):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="life/notices/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_rule = ViaParent("notice")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class NoticeReceipt(ScopedModel):
    """One addressed union's receipt: first read by its staff, its confirmation or reply."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="life_receipts")
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField(_("回复内容"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["org__path"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "org"], name="life_receipt_once_per_union"),
        ]

    def __str__(self):
        return f"{self.notice} · {self.org}"


class NoticeMemberRead(ScopedModel):
    """A member opened the notice (counted per union; one row per member and notice)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="member_reads")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="life_member_read_once"),
        ]
