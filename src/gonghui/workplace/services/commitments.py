"""Joint commitments (共同约定行动): creation, targets with figures, checks, outcome, and the
reminders texted to the union as the end date nears and passes."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config, notify
from gonghui.core.scoping import require_perm

from ..models import (
    CommitmentCheck,
    CommitmentStatus,
    CommitmentTarget,
    JointCommitment,
)
from ._common import (
    _require_employer_in_scope,
    _sane_dates,
    create_for_employer,
)

# --- Joint commitments ------------------------------------------------------------------------


@transaction.atomic
def create_commitment(
    *,
    actor,
    employer,
    title,
    pledges,
    start_date,
    end_date,
    signed_on,
    union_signatory,
    employer_signatory,
    details="",
    workers_covered=0,
):
    """A joint commitment of an employer and its union. Effects: the row; audit."""
    require_perm("workplace.change_commitment")
    _require_employer_in_scope(employer)
    _sane_dates(start_date=start_date, end_date=end_date, signed_on=signed_on)
    if end_date <= start_date:
        raise ValidationError({"end_date": _("结束日期须晚于开始日期")})
    if not pledges:
        raise ValidationError({"pledges": _("请至少选择一项约定")})
    return create_for_employer(
        JointCommitment,
        "workplace.commitment.create",
        actor=actor,
        employer=employer,
        title=title,
        pledges=list(pledges),
        details=details,
        start_date=start_date,
        end_date=end_date,
        signed_on=signed_on,
        union_signatory=union_signatory,
        employer_signatory=employer_signatory,
        workers_covered=_workers(workers_covered),
    )


@transaction.atomic
def record_check(*, actor, commitment, checked_on, kept, findings):
    require_perm("workplace.change_commitment")
    if commitment.status != CommitmentStatus.ACTIVE:
        raise ValidationError(_("约定行动已结束"))
    _sane_dates(checked_on=checked_on)
    check = CommitmentCheck.objects.create(
        org=commitment.org,
        commitment=commitment,
        checked_on=checked_on,
        kept=kept,
        findings=findings,
        checked_by=actor,
    )
    audit.record(actor, "workplace.commitment.check", commitment, extra={"kept": kept})
    return check


@transaction.atomic
def close_commitment(*, actor, commitment, kept, outcome, closed_on):
    require_perm("workplace.change_commitment")
    if commitment.status != CommitmentStatus.ACTIVE:
        raise ValidationError(_("约定行动已结束"))
    if not outcome.strip():
        raise ValidationError({"outcome": _("请填写履行结果")})
    commitment.status = CommitmentStatus.KEPT if kept else CommitmentStatus.BROKEN
    commitment.outcome, commitment.closed_on = outcome, closed_on
    commitment.save()
    audit.record(actor, "workplace.commitment.close", commitment, extra={"kept": kept})
    return commitment


MAX_WORKERS = 10_000_000
MAX_FIGURE = Decimal("9999999999")


def _workers(value):
    if value is None or not 0 <= value <= MAX_WORKERS:
        raise ValidationError({"workers_covered": _("覆盖职工人数须在 0～10000000 之间")})
    return value


def _figure(value, field):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("请输入数字")}) from None
    if not number.is_finite() or not 0 <= number <= MAX_FIGURE:
        raise ValidationError({field: _("数值须在 0～9999999999 之间")})
    return number


def _active(commitment):
    if commitment.status != CommitmentStatus.ACTIVE:
        raise ValidationError(_("约定行动已结束"))


@transaction.atomic
def add_target(*, actor, commitment, name, target_value, unit=""):
    """A target with a figure (稳岗 300 人, 培训 120 人次). Effects: the row; audit."""
    require_perm("workplace.change_commitment")
    _active(commitment)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写目标")})
    value = _figure(target_value, "target_value")
    if value <= 0:
        raise ValidationError({"target_value": _("目标值须大于 0")})
    if commitment.targets.filter(name=name).exists():
        raise ValidationError({"name": _("目标名称重复")})
    target = CommitmentTarget.objects.create(
        org=commitment.org,
        commitment=commitment,
        name=name,
        unit=(unit or "").strip()[:20],
        target_value=value,
    )
    audit.record(
        actor,
        "workplace.commitment.target",
        commitment,
        extra={"target": name, "value": str(value)},
    )
    return target


@transaction.atomic
def record_target_progress(*, actor, target, actual_value, updated_on=None):
    """The figure a target has reached so far. Effects: ``actual_value``; audit."""
    require_perm("workplace.change_commitment")
    _active(target.commitment)
    before = target.actual_value
    target.actual_value = _figure(actual_value, "actual_value")
    target.updated_on = updated_on or timezone.localdate()
    target.save(update_fields=["actual_value", "updated_on"])
    audit.record(
        actor,
        "workplace.commitment.progress",
        target.commitment,
        changes={
            target.name: [str(before) if before is not None else "", str(target.actual_value)]
        },
    )
    return target


config.define(
    "workplace.commitment_remind_days",
    30,
    gettext_lazy("共同约定到期提醒（天）"),
    gettext_lazy(
        "履行中的共同约定距结束日期不超过此天数时，短信提醒所属工会评估履行结果；已过结束日期仍未评估的再提醒一次"
    ),
)

notify.register_template(
    "workplace.commitment_expiring",
    "【{sign}】{union}：共同约定“{title}”将于{end}到期，请及时检查履约情况并评估履行结果。",
)
notify.register_template(
    "workplace.commitment_expired",
    "【{sign}】{union}：共同约定“{title}”已于{end}到期，尚未评估履行结果，请尽快办理。",
)


def send_commitment_reminders(*, today=None):
    """Text each union whose active commitment ends within ``workplace.commitment_remind_days``
    (once), and again once it has ended without an outcome, at the union's contact phone.
    Run daily by the worker's schedule. Returns the number of messages queued."""
    today = today or timezone.localdate()
    sent = 0
    # Unscoped: a scheduled task with no user, over the whole district.
    pending = (
        JointCommitment.unscoped.filter(status=CommitmentStatus.ACTIVE)
        .exclude(reminded="expired")
        .select_related("org")
        .select_for_update(of=("self",))
    )
    with transaction.atomic():
        for jc in pending:
            due = _due_reminder(jc, today)
            if due is None or due == jc.reminded or not jc.org.contact_phone:
                continue
            notify.send_sms(
                jc.org.contact_phone,
                f"workplace.commitment_{due}",
                {"sign": jc.org.get_root().name, "union": jc.org.name, "title": jc.title[:30],
                 "end": jc.end_date.strftime("%Y年%m月%d日")},  # i18n: data (SMS, in Chinese)
                related=jc,
            )  # fmt: skip
            jc.reminded = due
            jc.save(update_fields=["reminded"])
            audit.record(None, "workplace.commitment.remind", jc, org=jc.org, extra={"kind": due})
            sent += 1
    return sent


def _due_reminder(jc, today):
    if jc.end_date < today:
        return "expired"
    window = config.get("workplace.commitment_remind_days", jc.org)
    if (jc.end_date - today).days <= window:
        return "expiring"
    return None
