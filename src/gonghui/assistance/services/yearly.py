"""Yearly review, spot checks, exit, follow-up, reopening and the 低保 standards."""

import datetime
import math
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm

from ..enums import FileStatus
from ..models import (
    DibaoStandard,
    HardshipFile,
    HomeVisit,
    SpotCheck,
    YearlyReview,
)
from ..workflows import FILE_WORKFLOW
from ._common import _today, parse_amount
from .eligibility import evaluate
from .review import _hold_places

# --- yearly review, spot checks, exit, reopen ----------------------------------------------


@transaction.atomic
def review_yearly(*, actor, file, year=None, note=""):
    """Re-compute a filed household against the rules in force and record the yearly review."""
    require_perm("assistance.review_yearly")
    if file.status != FileStatus.FILED:
        raise ValidationError(_("只有已建档的档案需要年审"))
    year = year or _today().year
    outcome = evaluate(file, year)
    try:
        with transaction.atomic():
            review = YearlyReview.objects.create(
                file=file,
                year=year,
                category=outcome.category,
                eligibility_steps=outcome.steps,
                rule_basis=outcome.rule_basis,
                note=note,
                reviewed_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("{year} 年已完成年审").format(year=year)) from None
    file.next_review_due = _today() + datetime.timedelta(days=365)
    file.category, file.eligibility_steps, file.rule_basis = (
        outcome.category,
        outcome.steps,
        outcome.rule_basis,
    )
    file.save()
    audit.record(
        actor,
        "assistance.file.review_yearly",
        file,
        extra={"year": year, "category": outcome.category},
    )
    return review


@transaction.atomic
def draw_spot_check(*, actor, org, year, rng=None):
    """Draw and record the random sample of filed files for the year's spot check
    (at least the configured ratio, rounded up)."""
    require_perm("assistance.draw_spot_check")
    if not org_in_scope(org):
        raise PermissionDenied
    ratio = config.get("assistance.spot_check_ratio", org)
    population = list(
        HardshipFile.objects.in_subtree(org.path)
        .filter(status=FileStatus.FILED)
        .values_list("pk", flat=True)
    )
    size = min(len(population), math.ceil(len(population) * ratio))
    rng = rng or random.SystemRandom()
    sample = sorted(rng.sample(population, size))
    # 送温暖 recipients of the year are sampled at the same ratio (their visit and sign-off
    # are checked on the spot like a hardship file).
    from ..enums import EntitlementStatus, ProgrammeKind
    from ..models import Entitlement

    recipients = list(
        Entitlement.objects.in_subtree(org.path)
        .filter(
            cycle__year=year,
            cycle__programme__kind=ProgrammeKind.WARMTH,
            status=EntitlementStatus.APPROVED,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    warmth_size = min(len(recipients), math.ceil(len(recipients) * ratio))
    warmth_sample = sorted(rng.sample(recipients, warmth_size))
    try:
        with transaction.atomic():
            check = SpotCheck.objects.create(
                org=org,
                year=year,
                ratio=ratio,
                population=len(population),
                file_ids=sample,
                entitlement_ids=warmth_sample,
                ratio_setting=config.describe("assistance.spot_check_ratio", org),
                drawn_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("{year} 年已抽取抽查样本").format(year=year)) from None
    audit.record(
        actor,
        "assistance.spot_check.draw",
        org=org,
        extra={"year": year, "size": size, "warmth": warmth_size},
    )
    return check


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


@transaction.atomic
def exit_file(*, actor, file, reason, note=""):
    """解困脱困: close a filed household with a reason; schedule the follow-up visits and
    set the retention date."""
    from ..enums import ExitReason

    if reason not in ExitReason.values:
        raise ValidationError({"reason": _("请选择脱困原因")})
    today = _today()
    file.exit_reason, file.exit_note, file.closed_on = reason, note, today
    from ..retention import keep_until

    file.retain_until = keep_until(file)
    data = {"exit_reason": reason}  # worded when read: workflows.step_note
    if reason == ExitReason.INCOME_ABOVE:
        data["setting"] = config.snapshot("assistance.exit_income_months", file.org)
    FILE_WORKFLOW.apply(file, "exit", actor=actor, reason=note.strip(), data=data)
    _hold_places(file, False)
    for months in config.get("assistance.follow_up_months", file.org):
        HomeVisit.objects.create(
            file=file, is_follow_up=True, due_on=_add_months(today, int(months))
        )
    audit.record(actor, "assistance.file.exit", file, extra={"reason": reason})
    return file


@transaction.atomic
def record_follow_up(*, actor, visit, visited_on, visitors, findings):
    require_perm("assistance.record_visit")
    if not visit.is_follow_up or visit.visited_on:
        raise ValidationError(_("该回访已登记"))
    visit.visited_on, visit.visitors, visit.findings = visited_on, visitors, findings
    visit.recorded_by = actor
    visit.save()
    audit.record(actor, "assistance.visit.follow_up", visit.file)
    return visit


@transaction.atomic
def reopen_file(*, actor, file, reason):
    """Hardship returned: a closed file goes back to draft and through the chain again
    (not once its personal data has been purged: open a new file then)."""
    if file.purged_at:
        raise ValidationError(_("该档案的个人信息已按保存期限清除，不能重新打开，请新建档案"))
    file.closed_on = None
    file.retain_until = None
    FILE_WORKFLOW.apply(file, "reopen", actor=actor, reason=reason)
    audit.record(actor, "assistance.file.reopen", file)
    return file


def set_dibao(*, actor, org, year, monthly_amount, note=""):
    """Record (or change) an area's 低保 standard for a year. District admins only."""
    require_perm("assistance.manage_dibao")
    amount = parse_amount(monthly_amount, "monthly_amount")
    if amount <= 0:
        raise ValidationError({"monthly_amount": _("低保标准须大于 0")})
    with transaction.atomic():
        row, _created = DibaoStandard.objects.update_or_create(
            org=org,
            year=year,
            defaults={"monthly_amount": amount, "note": note, "created_by": actor},
        )
        audit.record(
            actor,
            "assistance.dibao.set",
            org=org,
            changes={"year": year, "monthly_amount": str(amount)},
        )
    return row
