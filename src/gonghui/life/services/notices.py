"""Writes on notices: draft, attach, publish to the addressed unions, read, confirm or reply,
withdraw, and the reminders of unanswered ones through the SMS outbox."""

import os

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config, notify
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.workdays import add_working_days, working_days_between
from gonghui.orgs.models import GRASSROOTS_KINDS, Org, OrgKind, OrgStatus

from .. import conf  # noqa: F401  (settings)
from ..enums import Audience, NoticeStatus, Reach, ResponseKind
from ..members import member_of
from ..models import Notice, NoticeAttachment, NoticeMemberRead, NoticeReceipt
from ._common import save_status

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "span", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}}

# Attachments: what the first bytes must be for each allowed extension (type sniffing; the
# name alone proves nothing). Office Open XML files are zip packages.
_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

notify.register_template(
    "life.notice_reminder",
    "【{sign}】{union}：通知《{title}》需在{due}前{what}，请登录工会工作平台办理。",
)


def clean_html(html):
    """The notice body with only harmless formatting kept (no scripts, styles or handlers)."""
    return nh3.clean(
        html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer"
    ).strip()


def _check_fields(*, title, body, response, due_working_days, expires_on):
    errors = {}
    if not title.strip():
        errors["title"] = _("请填写标题")
    if not body:
        errors["body"] = _("请填写正文")
    if response != ResponseKind.NONE and not due_working_days:
        errors["due_working_days"] = _("需回复的通知请填写回复期限（工作日）")
    if expires_on and expires_on < timezone.localdate():
        errors["expires_on"] = _("有效期不能早于今天")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def draft_notice(
    *,
    actor,
    org,
    title,
    body,
    reach,
    audience,
    response=ResponseKind.NONE,
    due_working_days=None,
    pinned=False,
    expires_on=None,
    is_public=False,
    targets=(),
):
    """A draft notice of ``org`` (the scope's own union). Effects: the notice, its addressed
    unions kept as receipts without times (shown before publishing), an audit event."""
    require_perm("life.publish_notice")
    scope = current_scope()
    # Only the scope's own union sends: a notice speaks for the level that signs it.
    if org.pk != scope.org_id:
        raise PermissionDenied(_("只能以本级工会的名义发布通知"))
    body = clean_html(body)
    _check_fields(
        title=title, body=body, response=response, due_working_days=due_working_days,
        expires_on=expires_on,
    )  # fmt: skip
    addressed = _addressed_unions(org, reach, targets)
    notice = Notice.objects.create(
        org=org,
        title=title.strip(),
        body=body,
        reach=reach,
        audience=audience,
        response=response,
        due_working_days=due_working_days if response != ResponseKind.NONE else None,
        pinned=pinned,
        expires_on=expires_on,
        is_public=is_public,
        created_by=actor,
    )
    NoticeReceipt.objects.bulk_create([NoticeReceipt(notice=notice, org=o) for o in addressed])
    audit.record(actor, "life.notice.draft", notice, extra={"unions": len(addressed)})
    return notice


def _addressed_unions(org, reach, targets):
    """The unions a notice of ``org`` reaches: every active union below it (工会小组 only when
    a grassroots union sends), or the chosen ones, each of which must lie below it."""
    below = Org.objects.in_subtree(org.path).exclude(pk=org.pk).filter(status=OrgStatus.ACTIVE)
    if reach == Reach.SUBTREE:
        if org.kind not in GRASSROOTS_KINDS:
            below = below.exclude(kind=OrgKind.GROUP)
        found = list(below)
    else:
        chosen = {o.pk for o in targets}
        found = list(below.filter(pk__in=chosen))
        if not chosen or len(found) != len(chosen):
            raise ValidationError({"targets": _("请选择本级以下的工会")})
    if not found:
        raise ValidationError({"targets": _("本级以下没有可发送的工会")})
    return found


def _sniff(upload, ext):
    head = upload.read(16)
    upload.seek(0)
    return any(head.startswith(sig) for sig in _SIGNATURES[ext])


@transaction.atomic
def add_notice_attachment(*, actor, notice, upload):
    """Attach a PDF, Word, Excel or image file to a draft; its first bytes must match its type
    and it must not exceed the configured size. Effects: the attachment; an audit event."""
    require_perm("life.publish_notice")
    _own_draft(notice)
    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in _SIGNATURES:
        raise ValidationError({"file": _("只能上传 PDF、Word、Excel 或图片文件")})
    limit_mb = config.get("life.notice_attachment_max_mb", notice.org)
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError({"file": _("文件不能超过 {limit_mb} MB").format(limit_mb=limit_mb)})
    if not _sniff(upload, ext):
        raise ValidationError({"file": _("文件内容与扩展名不符")})
    attachment = NoticeAttachment(
        org=notice.org,
        notice=notice,
        original_name=name,
        content_type=CONTENT_TYPES[ext],
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"{notice.pk}{ext}", upload, save=False)
    attachment.save()
    audit.record(actor, "life.notice.attach", notice, extra={"file": name})
    return attachment


def _own_draft(notice):
    # Only the sending level edits its notice, and only while it is a draft.
    if notice.org_id != current_scope().org_id:
        raise PermissionDenied(_("只有发布单位可以修改该通知"))
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("通知已发布，不能再修改"))


@transaction.atomic
def publish_notice(*, actor, notice, today=None):
    """Publish a draft: it reaches its unions now; a response is due ``due_working_days``
    working days later. Effects: status, publish time, due date; an audit event."""
    require_perm("life.publish_notice")
    # unscoped: re-read under lock; the caller found it in scope
    notice = Notice.unscoped.select_for_update().get(pk=notice.pk)
    _own_draft(notice)
    today = today or timezone.localdate()
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = timezone.now()
    if notice.needs_response:
        notice.due_on = add_working_days(today, notice.due_working_days)
    notice.version += 1
    notice.save()
    audit.record(actor, "life.notice.publish", notice, extra={"due_on": str(notice.due_on or "")})
    return notice


@transaction.atomic
def withdraw_notice(*, actor, notice, reason):
    require_perm("life.publish_notice")
    if notice.org_id != current_scope().org_id:
        raise PermissionDenied(_("只有发布单位可以撤回该通知"))
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的通知可以撤回"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤回原因")})
    return save_status(
        actor, notice, NoticeStatus.WITHDRAWN, "life.notice.withdraw", {"reason": reason.strip()}
    )


def _own_receipt(notice):
    """The receipt of the scope's own union for ``notice``, or ``None``."""
    # unscoped: the scope's own union's row
    return NoticeReceipt.unscoped.filter(notice=notice, org_id=current_scope().org_id).first()


@transaction.atomic
def mark_notice_read(*, actor, notice):
    """A reader opened a published notice: the first staff reader of an addressed union sets
    its receipt's read time; a member's read is counted once. Returns the receipt or read row
    (``None`` when the reader is neither)."""
    if notice.status != NoticeStatus.PUBLISHED:
        return None
    scope = current_scope()
    if scope.has_perm("life.view_notice"):
        receipt = _own_receipt(notice)
        if receipt is not None and receipt.read_at is None:
            receipt.read_at, receipt.read_by = timezone.now(), actor
            receipt.save(update_fields=["read_at", "read_by"])
            audit.record(actor, "life.notice.read", notice, org=receipt.org)
        return receipt
    member = member_of(actor)
    if member is None or not scope.has_perm("life.take_part"):
        return None
    # unscoped: the member's own read mark
    read, _created = NoticeMemberRead.unscoped.get_or_create(
        notice=notice, user=actor, defaults={"org_id": member.org_id}
    )
    return read


@transaction.atomic
def respond_to_notice(*, actor, notice, reply=""):
    """The addressed union confirms receipt, or replies in writing. Effects: the receipt's
    response (and read time if unset); an audit event. Late responses are accepted and shown
    as late."""
    require_perm("life.respond_notice")
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(_("该通知不在发布状态"))
    if not notice.needs_response:
        raise ValidationError(_("该通知无需回复"))
    receipt = _own_receipt(notice)
    # Only an addressed union responds, and for itself.
    if receipt is None:
        raise PermissionDenied(_("本工会不是该通知的接收单位"))
    # unscoped: re-read under lock; the caller found it in scope
    receipt = NoticeReceipt.unscoped.select_for_update().get(pk=receipt.pk)
    if receipt.responded_at is not None:
        raise ValidationError(_("本工会已回复过该通知"))
    if notice.response == ResponseKind.REPLY and not reply.strip():
        raise ValidationError({"reply": _("请填写回复内容")})
    now = timezone.now()
    receipt.responded_at, receipt.responded_by = now, actor
    receipt.reply = reply.strip()
    if receipt.read_at is None:
        receipt.read_at, receipt.read_by = now, actor
    receipt.save()
    audit.record(actor, "life.notice.respond", notice, org=receipt.org,
                 extra={"late": bool(notice.due_on and now.date() > notice.due_on)})  # fmt: skip
    return receipt


@transaction.atomic
def send_notice_reminders(*, today=None):
    """Text each addressed union that has not responded to a notice whose due date is near
    (``life.notice_remind_days`` working days or fewer) or today, once a day, at its contact
    phone. Returns the number of messages queued. Run daily (`manage.py remind_notices`)."""
    today = today or timezone.localdate()
    pending = (
        # unscoped: rows of a parent the caller found in scope
        NoticeReceipt.unscoped.filter(
            notice__status=NoticeStatus.PUBLISHED,
            notice__due_on__gte=today,
            responded_at__isnull=True,
        )
        .exclude(notice__response=ResponseKind.NONE)
        .exclude(reminded_on=today)
        .select_related("notice", "org")
        .select_for_update(of=("self",))
    )
    sent = 0
    for receipt in pending:
        notice, org = receipt.notice, receipt.org
        window = config.get("life.notice_remind_days", org)
        if working_days_between(today, notice.due_on) > window or not org.contact_phone:
            continue
        what = _("确认收到") if notice.response == ResponseKind.CONFIRM else _("书面回复")
        notify.send_sms(
            org.contact_phone,
            "life.notice_reminder",
            {"sign": org.get_root().name, "union": org.name, "title": notice.title[:30],
             "due": notice.due_on.strftime(_("%m月%d日")), "what": what},
            related=receipt,
        )  # fmt: skip
        receipt.reminded_on = today
        receipt.save(update_fields=["reminded_on"])
        audit.record(None, "life.notice.remind", notice, org=org)
        sent += 1
    return sent


def audience_includes_staff(notice):
    return notice.audience in (Audience.ALL, Audience.STAFF)


def audience_includes_members(notice):
    return notice.audience in (Audience.ALL, Audience.MEMBERS)
