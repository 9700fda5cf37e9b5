"""The review chain: submission, visits, review, public notice, approval, objections, flag overrides."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core import audit, config, notes
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.text.punctuation import joined
from gonghui.core.workdays import add_working_days

from .. import policy
from ..enums import AttachmentKind, Category, FileStatus, FlagStatus
from ..models import (
    HomeVisit,
    Objection,
)
from ..workflows import FILE_WORKFLOW
from . import duplicate_aid as flags
from ._common import _today
from .eligibility import recalculate, unresolved_exclusions

# the visit step's note when the visit was recorded before the file was submitted
# (``core.notes``: worded when read, ``WorkflowEvent.reason_text``)
VISITED_BEFORE = gettext_noop("提交前已登记入户核查")

# --- the review chain ----------------------------------------------------------------------


def _hold_places(file, hold):
    """Mark the household as holding its place (open file) or release it. The partial unique
    index refuses a person already in another open file."""
    try:
        with transaction.atomic():
            for person in file.household.all():
                if person.holds_place != hold:
                    person.holds_place = hold
                    person.save(update_fields=["holds_place"])
    except IntegrityError:
        raise ValidationError(
            _("家庭成员中有人已在另一户未关闭的困难档案中，一人只能在一份档案中")
        ) from None


def submission_problems(file):
    """What keeps a draft from being submitted, in Chinese (empty when ready)."""
    problems = []
    kinds = set(file.attachments.values_list("kind", flat=True))
    if AttachmentKind.APPLICATION not in kinds:
        problems.append(_("缺少申请书"))
    if AttachmentKind.CONSENT not in kinds:
        problems.append(_("缺少家庭经济状况核对授权书（需本人签字）"))
    if not file.bank_account:
        problems.append(_("缺少本人名下银行账号"))
    excluding = unresolved_exclusions(file)
    if excluding:
        problems.append(
            _("触发排除规则：")
            + joined(policy.exclusion_label(r) for r in excluding)
            + _("，不符合建档条件（须书面说明理由并经区级另一人复核放行）")
        )
    elif file.category in (Category.UNKNOWN, Category.NOT_ELIGIBLE):
        problems.append(
            _("困难类别为“{label}”，不能提交").format(label=Category(file.category).label)
        )
    return problems


@transaction.atomic
def submit_file(*, actor, file):
    """Grassroots union's first check: draft → submitted. Starts the review deadline. A home
    visit already recorded while the file was a draft counts: the file goes on to visited."""
    recalculate(file)
    problems = submission_problems(file)
    if problems:
        raise ValidationError(problems)
    file.submitted_at = timezone.now()
    file.submitted_by = actor
    file.review_due = add_working_days(
        _today(), config.get("assistance.review_working_days", file.org)
    )
    _hold_places(file, True)
    FILE_WORKFLOW.apply(file, "submit", actor=actor)
    if file.visits.filter(is_follow_up=False).exists() and current_scope().has_perm(
        "assistance.record_visit"
    ):
        FILE_WORKFLOW.apply(file, "visit", actor=actor, reason=notes.compose(VISITED_BEFORE))
    flags.refresh_file_flags(file)
    audit.record(actor, "assistance.file.submit", file)
    return file


@transaction.atomic
def record_visit(*, actor, file, visited_on, visitors, findings, photo=None):
    """Record the home visit; a submitted file moves to visited (a draft's visit counts when it
    is submitted)."""
    require_perm("assistance.record_visit")
    if file.status not in (FileStatus.DRAFT, FileStatus.SUBMITTED, FileStatus.VISITED):
        raise ValidationError(_("当前状态不能登记入户核查"))
    if not visitors.strip():
        raise ValidationError({"visitors": _("请填写走访人员")})
    visit = HomeVisit.objects.create(
        file=file,
        visited_on=visited_on,
        visitors=visitors,
        findings=findings,
        photo=photo or "",
        recorded_by=actor,
    )
    if file.status == FileStatus.SUBMITTED:
        FILE_WORKFLOW.apply(file, "visit", actor=actor)
    audit.record(actor, "assistance.visit.record", file)
    return visit


def open_flags(file):
    return file.flags.filter(status=FlagStatus.OPEN, entitlement__isnull=True)


@transaction.atomic
def review_file(*, actor, file, note=""):
    """The higher union's assistance centre approves its review: visited → reviewed.
    Refused while duplicate/fraud flags are open."""
    if file.status == FileStatus.VISITED:
        flags.refresh_file_flags(file)
    if open_flags(file).exists():
        raise ValidationError(_("存在未处理的重复/异常提示，请先核实并说明"))
    recalculate(file)
    excluding = unresolved_exclusions(file)
    if excluding:
        raise ValidationError(
            _("触发排除规则：")
            + joined(policy.exclusion_label(r) for r in excluding)
            + _("，不符合条件，不能审核通过")
        )
    file.reviewed_by = actor
    FILE_WORKFLOW.apply(file, "review", actor=actor, reason=note)
    audit.record(actor, "assistance.file.review", file)
    return file


@transaction.atomic
def publish_notice(*, actor, file, start=None):
    """Start the public notice: it runs the configured number of working days."""
    start = start or _today()
    excluding = unresolved_exclusions(file)
    if excluding or file.category in (Category.UNKNOWN, Category.NOT_ELIGIBLE):
        raise ValidationError(_("不符合条件的档案（含触发排除规则）不能公示"))
    file.notice_start = start
    file.notice_end = add_working_days(
        start, config.get("assistance.notice_working_days", file.org)
    )
    FILE_WORKFLOW.apply(
        file,
        "publish",
        actor=actor,
        reason=config.describe("assistance.notice_working_days", file.org),
    )
    audit.record(
        actor, "assistance.file.publish", file, extra={"notice_end": file.notice_end.isoformat()}
    )
    return file


def approval_problems(file, today=None):
    today = today or _today()
    problems = []
    if file.notice_end and today <= file.notice_end:
        problems.append(
            _("公示期至 {notice_end:%Y-%m-%d}，期满后方可审批").format(notice_end=file.notice_end)
        )
    if file.objections.filter(resolved_at__isnull=True).exists():
        problems.append(_("有未处理的公示异议"))
    if file.objections.filter(upheld=True).exists():
        problems.append(_("有成立的公示异议，请退回修改"))
    if open_flags(file).exists():
        problems.append(_("存在未处理的重复/异常提示"))
    for rule in unresolved_exclusions(file):
        problems.append(
            _("触发排除规则：{exclusion_label}，不符合条件（须经区级复核放行）").format(
                exclusion_label=policy.exclusion_label(rule)
            )
        )
    return problems


@transaction.atomic
def approve_file(*, actor, file, today=None):
    """Final approval after the notice: notice → filed. Sets the next yearly review."""
    today = today or _today()
    problems = approval_problems(file, today)
    if problems:
        raise ValidationError(problems)
    file.approved_by = actor
    file.filed_on = today
    file.next_review_due = (
        today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + datetime.timedelta(days=365)
    )
    FILE_WORKFLOW.apply(file, "approve", actor=actor)
    audit.record(actor, "assistance.file.approve", file)
    return file


@transaction.atomic
def return_file(*, actor, file, reason):
    """Send the file back to draft with a reason; the household releases its place."""
    FILE_WORKFLOW.apply(file, "return", actor=actor, reason=reason)
    _hold_places(file, False)
    audit.record(actor, "assistance.file.return", file)
    return file


@transaction.atomic
def record_objection(*, actor, file, received_on, content):
    require_perm("assistance.record_objection")
    if file.status != FileStatus.NOTICE:
        raise ValidationError(_("只有公示中的档案可以登记异议"))
    row = Objection.objects.create(
        file=file, received_on=received_on, content=content, recorded_by=actor
    )
    audit.record(actor, "assistance.objection.record", file)
    return row


@transaction.atomic
def resolve_objection(*, actor, objection, resolution, upheld):
    require_perm("assistance.publish_notice")
    if objection.resolved_at:
        raise ValidationError(_("该异议已处理"))
    if not resolution.strip():
        raise ValidationError({"resolution": _("请填写处理结果")})
    objection.resolution, objection.upheld = resolution, upheld
    objection.resolved_by, objection.resolved_at = actor, timezone.now()
    objection.save()
    audit.record(actor, "assistance.objection.resolve", objection.file, extra={"upheld": upheld})
    return objection


@transaction.atomic
def override_flag(*, actor, flag, reason):
    """Let a duplicate/fraud flag through after checking it, with a reason (audited)."""
    require_perm("assistance.override_flag")
    if flag.status != FlagStatus.OPEN:
        raise ValidationError(_("该提示已处理"))
    if not reason.strip():
        raise ValidationError({"reason": _("放行需要填写理由")})
    flag.status, flag.override_reason = FlagStatus.OVERRIDDEN, reason.strip()
    flag.decided_by, flag.decided_at = actor, timezone.now()
    flag.save()
    audit.record(actor, "assistance.flag.override", flag.file, extra={"kind": flag.kind})
    return flag
