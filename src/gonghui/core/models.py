"""Cross-cutting data: users and role assignments, audit events, settings, the working-day
calendar, workflow history, API tokens, import jobs and the text-message outbox."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import notes
from .fields import EncryptedJSONField, EncryptedTextField, masked
from .masking import mask_phone
from .models_base import CreatedBy
from .roles import Role
from .scoping import ScopedManager, ScopedModel, ScopedQuerySet


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Where the user is told of changes to their login (a reset); else their member record's.
    phone = EncryptedTextField(_("手机号"), mask=mask_phone)
    # Set when an admin created the login or reset its password: the temporary password must be
    # replaced before anything else can be done.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    # Stamp of the user's role assignments: bumped (core/access.py ``roles_changed``) by every
    # write to their assignments or to an org they hold one at, in the same transaction; the
    # assignments each request acts on are cached under it (``access.assignments_of``).
    roles_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # A user loaded before an assignment changed must not write its old stamp back (the
        # stale assignments cached under it would be read again): only ``roles_changed``
        # writes the stamp of an existing user.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "roles_version"
            ]
        super().save(*args, **kwargs)


class RoleAssignmentQuerySet(models.QuerySet):
    """Every bulk write to assignments bumps their users' role stamps (``User.roles_version``)."""

    def update(self, **kwargs):
        from .access import roles_changed

        roles_changed(self.values("user_id"))
        if "user" in kwargs or "user_id" in kwargs:
            user = kwargs.get("user_id", kwargs.get("user"))
            roles_changed([getattr(user, "pk", user)])
        return super().update(**kwargs)

    def delete(self):
        from .access import roles_changed

        roles_changed(list(self.values_list("user_id", flat=True)))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        from .access import roles_changed

        objs = super().bulk_create(objs, *args, **kwargs)
        roles_changed({o.user_id for o in objs})
        return objs


class TotpResetRequest(models.Model):
    """Four eyes on removing a user's TOTP device: one district admin requests, another confirms."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        DONE = "done", _("已重置")
        CANCELLED = "cancelled", _("已取消")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="totp_reset_requests")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    confirmed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("两步验证重置申请")
        verbose_name_plural = _("两步验证重置申请")
        ordering = ["-requested_at"]

    # Status questions as properties (``core.workflow.status_is`` cannot be imported here: the
    # workflow module imports these models).
    @property
    def is_pending(self):
        """Requested, waiting for a second district admin to confirm or cancel it."""
        return self.status == self.Status.PENDING


class RoleAssignment(models.Model):
    """``user`` holds ``role`` at ``org`` and so over its whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="unique_role_assignment")
        ]
        ordering = ["org__path", "role"]

    def __str__(self):
        return f"{self.get_role_display()} @ {self.org}"

    def save(self, *args, **kwargs):
        from .access import roles_changed

        super().save(*args, **kwargs)
        roles_changed([self.user_id])

    def delete(self, *args, **kwargs):
        from .access import roles_changed

        roles_changed([self.user_id])
        return super().delete(*args, **kwargs)


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit events cannot be changed")

    def delete(self):
        raise PermissionError("audit events cannot be deleted")


class AuditEvent(ScopedModel):
    """One thing someone did. Written by services in the same transaction; never changed."""

    _scope_path_field = "org_path"

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=20, blank=True)
    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=255, blank=True)
    action = models.CharField(_("操作"), max_length=80)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)

    objects = ScopedManager.from_queryset(AuditQuerySet)()
    unscoped = models.Manager.from_queryset(AuditQuerySet)()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        # Plain btree indexes only (subtree filters are ranges, the action filter is exact or
        # icontains): Django's extra varchar_pattern_ops copies cost every bulk audit write.
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["org_path"], name="audit_org_path"),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events cannot be deleted")


class SettingValue(models.Model):
    """One version of a district setting (a number or rule that decides outcomes).

    Settings are versioned: a change adds a row; the value in force at a moment is the newest row
    with ``valid_from`` not after it. ``org`` set means an override for that subtree.
    """

    key = models.CharField(max_length=100, db_index=True)
    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.JSONField()
    valid_from = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-valid_from", "-id"]

    @property
    def version(self):
        return self.id


class CalendarDay(models.Model):
    """A district-kept exception to the national working-day calendar (extra holiday or
    adjusted working day), also for years the chinese-calendar package does not know yet."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        return gettext("{date} {value}").format(
            date=self.date, value=gettext("工作日") if self.is_workday else gettext("休息日")
        )


class WorkflowEvent(models.Model):
    """A transition of a workflow object: who moved it from which state to which, when, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    org_path = models.CharField(max_length=255, blank=True)
    transition = models.CharField(_("操作"), max_length=50)
    from_state = models.CharField(_("原状态"), max_length=40)
    to_state = models.CharField(_("新状态"), max_length=40)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    # as the person wrote it, or a note the system composed (``core.notes``): read ``reason_text``
    reason = models.TextField(_("理由"), blank=True)
    # what the system recorded with the step (dates, counts), kept as data: the app words it
    # when the history is read, in the reader's language
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    reason_text = notes.worded("reason")


class PersonalAccessToken(models.Model):
    """An API token for one role assignment. Only its SHA-256 hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class ImportJob(ScopedModel, CreatedBy):
    """An uploaded file on its way through mapping, validation, preview and commit."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        VALIDATING = "validating", _("校验中")
        VALIDATED = "validated", _("待确认")
        COMMITTING = "committing", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    importer = models.CharField(max_length=50)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    header_row = models.PositiveIntegerField(default=1)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    # Encrypted like members' own fields: rows, fixes and answers hold ID and phone numbers.
    options = EncryptedJSONField(default=dict)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    warning_rows = models.PositiveIntegerField(default=0)
    issues = models.JSONField(default=list, blank=True)
    preview = EncryptedJSONField(default=list)
    result = EncryptedJSONField(default=dict)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The background process working on the job ("host:pid") and when it was last seen, so the
    # next worker can tell a job whose worker died from one still running.
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    # The language of the person who uploaded the file (or last handed it to a worker): what a
    # worker writes into the job (the rows' reasons, the messages) is worded in it, not in the
    # worker's own language.
    language = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_running(self):
        """A background task validates or commits the job (its page shows the progress)."""
        return self.status in (self.Status.VALIDATING, self.Status.COMMITTING)

    @property
    def is_committing(self):
        return self.status == self.Status.COMMITTING

    @property
    def awaits_confirmation(self):
        """Validated: the preview waits for the user to commit it (待确认)."""
        return self.status == self.Status.VALIDATED

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def has_failed(self):
        """Stopped with nothing written; the user may retry it."""
        return self.status == self.Status.FAILED

    @property
    def progress_percent(self):
        if not self.total_rows:
            return 0
        return min(100, int(self.done_rows * 100 / self.total_rows))


class ImportMapping(models.Model):
    """A user's column mapping for an importer and a set of source headers, remembered."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    importer = models.CharField(max_length=50)
    signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "importer", "signature"], name="unique_import_mapping"
            )
        ]


class ImportValueMapping(ScopedModel):
    """A union's answers for wordings its files use that the alias table does not know
    (``{column key: {wording key: code or ""}}``), chosen once in an import's preview and
    offered again on the next import of the same kind to the same union."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    importer = models.CharField(max_length=50)
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "importer"], name="unique_import_value_mapping")
        ]


def default_expiry():
    return timezone.now() + timezone.timedelta(days=2)


class GeneratedFile(ScopedModel, CreatedBy):
    """A file made for a user (export, error workbook, PDF), kept until it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to="generated/%Y/%m/")
    content_type = models.CharField(max_length=100)
    expires_at = models.DateTimeField(default=default_expiry)


class SmsMessage(ScopedModel):
    """One text message in the outbox (``core.notify``): written in the caller's transaction,
    sent by a background task after commit, retried on failure. The phone number is stored
    encrypted; ``params`` hold only what the message text needs, encrypted too (activation codes
    and sign-in links are secrets until used)."""

    _scope_path_field = "org_path"

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    phone = EncryptedTextField(_("手机号"), mask=mask_phone)
    template_key = models.CharField(_("模板"), max_length=80)
    # encrypted at rest: some messages carry one-time codes and sign-in links
    params = EncryptedJSONField(_("参数"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    provider_id = models.CharField(_("网关消息编号"), max_length=100, blank=True)
    related_type = models.CharField(max_length=80, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["related_type", "related_id"])]

    def __str__(self):
        return f"{self.template_key} → {self.phone_masked}"

    phone_masked = masked("phone")

    @property
    def is_sent(self):
        return self.status == self.Status.SENT

    @property
    def has_failed(self):
        """The last attempt failed: the outbox offers to send it again."""
        return self.status == self.Status.FAILED


class ScheduledJob(models.Model):
    """When a scheduled job (``core.scheduling.JOBS``) is next due. Every worker looks at these
    rows; the one that locks a due row enqueues the job and moves ``next_run_at`` on in the same
    transaction, so each due run is enqueued exactly once however many workers there are."""

    name = models.CharField(max_length=64, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.CharField(max_length=64, blank=True)
    last_worker_id = models.CharField(max_length=64, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self):
        return self.name


class WorkerHeartbeat(models.Model):
    """A running ``gonghui worker`` says it is alive every few seconds. A task result still
    ``RUNNING`` whose worker has not been seen for the lease is marked failed
    (``core.scheduling.reap_lost_tasks``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("后台进程心跳")
        verbose_name_plural = _("后台进程心跳")

    def __str__(self):
        return self.worker_id
