"""Disclosure categories, items, attachments, questions and answers."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_perm

from .. import policy
from ..models import (
    Disclosure,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureQuestion,
    DisclosureStatus,
)
from ..selectors import member_of
from ._common import (
    ALLOWED_ATTACHMENTS,
    MAX_ATTACHMENT_BYTES,
    _check_version,
    _require_employer_in_scope,
    _sane_dates,
    _today,
    create_for_employer,
)

# --- Disclosure categories (district configuration) -------------------------------------------


@transaction.atomic
def save_category(*, actor, category=None, code, name, required, order, is_active=True):
    """Create or change a disclosure category. Effects: the category row; an audit event."""
    require_perm("workplace.manage_categories")
    if (
        DisclosureCategory.objects.filter(code=code)
        .exclude(pk=getattr(category, "pk", None))
        .exists()
    ):
        raise ValidationError({"code": _("代码已被使用")})
    category = category or DisclosureCategory()
    before = audit.snapshot(category) if category.pk else {}
    for key, value in {
        "code": code,
        "name": name,
        "required": required,
        "order": order,
        "is_active": is_active,
    }.items():
        setattr(category, key, value)
    category.save()
    audit.record_edit(actor, "workplace.category.save", category, before)
    return category


# --- Disclosures ------------------------------------------------------------------------------


@transaction.atomic
def _require_active_category(category):
    """A disabled category keeps its old items but takes no new ones (the form offers only the
    active; the API and a stale page are held to the same)."""
    if category is not None and not category.is_active:
        raise ValidationError({"category": _("该公开类别已停用，请选择其他类别")})


def create_disclosure(*, actor, employer, category, title, body, decision_date, channels=()):
    """A draft disclosure item for ``employer``. Effects: the row (org = the employer's union)."""
    require_perm("workplace.change_disclosure")
    _require_employer_in_scope(employer)
    _require_active_category(category)
    _sane_dates(decision_date=decision_date)
    return create_for_employer(
        Disclosure,
        "workplace.disclosure.create",
        actor=actor,
        employer=employer,
        category=category,
        title=title,
        body=body,
        decision_date=decision_date,
        channels=list(channels),
    )


@transaction.atomic
def update_disclosure(*, actor, disclosure, version=None, **fields):
    """Edit a draft or posted item's text, category, decision date or channels."""
    require_perm("workplace.change_disclosure")
    _check_version(disclosure, version)
    if disclosure.status == DisclosureStatus.WITHDRAWN:
        raise ValidationError(_("已撤回的事项不能修改"))
    _sane_dates(decision_date=fields.get("decision_date"))
    if fields.get("category") not in (None, disclosure.category):
        _require_active_category(fields["category"])
    before = audit.snapshot(disclosure)
    allowed = {"category", "title", "body", "decision_date", "channels"}
    for key, value in fields.items():
        if key in allowed:
            setattr(disclosure, key, list(value) if key == "channels" else value)
    disclosure.version += 1
    if disclosure.status == DisclosureStatus.POSTED:
        _judge_posting(disclosure)
    disclosure.save()
    audit.record_edit(actor, "workplace.disclosure.update", disclosure, before)
    return disclosure


def _judge_posting(d):
    """Decide and keep the posting deadline, the window's length and the late/short flags."""
    due = policy.deadline(
        d.decision_date, policy.config.get("workplace.disclosure_post_days", d.org), d.org
    )
    minimum = policy.config.get("workplace.disclosure_min_display_days", d.org)
    d.post_due = due.due
    d.is_late = d.posted_on > due.due
    d.display_days = policy.days_in_window(d.posted_on, d.display_until, d.org)
    d.is_short = d.display_days < minimum
    # the facts and the settings in force, kept as data and worded where they are read
    # (``Disclosure.rule_text``), in the reader's language
    d.rule = {
        "start": due.start.isoformat(),
        "days": due.days,
        "due": due.due.isoformat(),
        "kind": due.kind,
        "rolled": due.rolled,
        "display_days": d.display_days,
        "minimum": minimum,
        "settings": [
            policy.config.snapshot(key, d.org)
            for key in (
                "workplace.disclosure_post_days",
                "workplace.disclosure_min_display_days",
                "workplace.day_kind",
            )
        ],
    }
    d.rule_note = ""


@transaction.atomic
def post_disclosure(*, actor, disclosure, posted_on, display_until, channels):
    """Post an item: dates, channels, and the kept judgement (late? shown long enough?).

    Effects: status ``posted``; ``post_due``, ``display_days``, ``is_late``, ``is_short``; audit.
    """
    require_perm("workplace.change_disclosure")
    if disclosure.status == DisclosureStatus.WITHDRAWN:
        raise ValidationError(_("已撤回的事项不能公开"))
    _sane_dates(posted_on=posted_on, display_until=display_until)
    errors = {}
    if posted_on < disclosure.decision_date:
        errors["posted_on"] = _("公开日期不能早于决定日期")
    if display_until < posted_on:
        errors["display_until"] = _("公开截止日期不能早于公开日期")
    if not channels:
        errors["channels"] = _("请至少选择一个公开渠道")
    if errors:
        raise ValidationError(errors)
    disclosure.posted_on, disclosure.display_until = posted_on, display_until
    disclosure.channels = list(channels)
    disclosure.status = DisclosureStatus.POSTED
    _judge_posting(disclosure)
    disclosure.version += 1
    disclosure.save()
    audit.record(
        actor,
        "workplace.disclosure.post",
        disclosure,
        extra={"late": disclosure.is_late, "short": disclosure.is_short},
    )
    return disclosure


@transaction.atomic
def withdraw_disclosure(*, actor, disclosure, reason):
    require_perm("workplace.change_disclosure")
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤回原因")})
    disclosure.status = DisclosureStatus.WITHDRAWN
    disclosure.withdraw_reason = reason.strip()
    disclosure.version += 1
    disclosure.save()
    audit.record(actor, "workplace.disclosure.withdraw", disclosure, extra={"reason": reason})
    return disclosure


@transaction.atomic
def add_attachment(*, actor, disclosure, uploaded):
    """Attach a file (PDF, image, Office document, text; at most 10 MB)."""
    require_perm("workplace.change_disclosure")
    name = os.path.basename(uploaded.name or "")[:200]
    if os.path.splitext(name)[1].lower() not in ALLOWED_ATTACHMENTS:
        raise ValidationError({"file": _("只能上传 PDF、图片、Word、Excel 或文本文件")})
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("文件不能超过 10 MB")})
    attachment = DisclosureAttachment(
        org=disclosure.org, disclosure=disclosure, original_name=name, uploaded_by=actor
    )
    attachment.file.save(
        f"{disclosure.pk}{os.path.splitext(name)[1].lower()}", uploaded, save=False
    )
    attachment.save()
    audit.record(actor, "workplace.attachment.add", disclosure, extra={"file": name})
    return attachment


@transaction.atomic
def ask_question(*, actor, disclosure, kind, text, today=None):
    """A worker of the item's employer asks a question or objects; the answer is due in the
    configured period. Effects: the question row with ``due_on``; an audit event."""
    require_perm("workplace.ask_question")
    member = member_of(actor)
    # Only the employer's own workers ask (404 to others is the views' business; refuse here too).
    if member is None or member.employer_id != disclosure.employer_id:
        raise PermissionDenied(_("只有本单位职工可以对公开事项提出询问或异议"))
    if disclosure.status != DisclosureStatus.POSTED:
        raise ValidationError(_("该事项未在公开期内"))
    if not text.strip():
        raise ValidationError({"text": _("请填写内容")})
    today = _today(today)
    due = policy.deadline(
        today, policy.config.get("workplace.question_answer_days", disclosure.org), disclosure.org
    )
    # Unscoped: a worker writes to their employer's union, outside their own scope.
    question = DisclosureQuestion.unscoped.create(
        org=disclosure.org,
        disclosure=disclosure,
        member=member,
        asked_by=actor,
        kind=kind,
        text=text.strip(),
        asked_on=today,
        due_on=due.due,
    )
    audit.record(actor, "workplace.question.ask", question, extra={"due_on": str(due.due)})
    return question


@transaction.atomic
def answer_question(*, actor, question, answer, today=None):
    require_perm("workplace.answer_question")
    if not answer.strip():
        raise ValidationError({"answer": _("请填写答复")})
    question.answer = answer.strip()
    question.answered_on = _today(today)
    question.answered_by = actor
    question.save()
    audit.record(
        actor,
        "workplace.question.answer",
        question,
        extra={"late": question.answered_on > question.due_on},
    )
    return question
