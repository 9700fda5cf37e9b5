"""Deadlines of open requests: reminders before they fall due, escalation after."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core import audit, config
from gonghui.core.scoping import (
    scopes_disabled,
)
from gonghui.core.workdays import add_working_days

from ...enums import (
    EventKind,
)
from ...models import WorkerRequest
from ._common import _OPEN, REQUEST_FLOW, _event, _system_scope
from .filing import _active_up


def send_reminders(now=None):
    """Put a reminder on the timeline of open requests due within the reminder window.

    Returns the number of reminders written. Each due date is reminded once."""
    today = timezone.localdate(now or timezone.now())
    horizon = add_working_days(today, config.get("rights.reminder_days"))
    count = 0
    with scopes_disabled():
        due_soon = WorkerRequest.objects.filter(
            status__in=_OPEN, due_date__gte=today, due_date__lte=horizon
        ).exclude(reminded_for=F("due_date"))
        for req in due_soon.select_related("org"):
            with transaction.atomic():
                req.reminded_for = req.due_date
                req.save(update_fields=["reminded_for"])
                _event(
                    req,
                    EventKind.REMINDER,
                    None,
                    data={
                        "due": req.due_date.isoformat(),
                        "rule": config.snapshot("rights.reminder_days"),
                    },
                )
                count += 1
    return count


def escalate_overdue(now=None):
    """Move every open request past its deadline up to the parent union.

    The upper union gets ``rights.escalation_days`` working days from today; the handler is
    cleared; the escalation shows on the timeline and in the audit log. A request already at
    the top of the tree stays where it is. Returns the number of requests escalated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with scopes_disabled():
        overdue = list(
            WorkerRequest.objects.filter(status__in=_OPEN, due_date__lt=today)
            .exclude(org__depth=1)
            .values_list("pk", flat=True)
        )
    return sum(_escalate_one(pk, today) for pk in overdue)


@transaction.atomic
def _escalate_one(pk, today):
    with scopes_disabled():
        req = WorkerRequest.objects.select_for_update().select_related("org").get(pk=pk)
    if not req.is_open or req.due_date >= today or req.org.depth == 1:
        return 0
    parent = _active_up(req.org.get_parent())
    if parent is None:
        return 0
    from_org, old_due = req.org, req.due_date
    days_key = "rights.escalation_days"
    req.org = parent
    req.handler = None
    req.escalation_count += 1
    req.due_date = add_working_days(today, config.get(days_key, parent))
    req.deadline_basis = config.snapshot(days_key, parent)
    req.reminded_for = None
    data = {
        "old_due": old_due.isoformat(),
        "due": req.due_date.isoformat(),
        "name": parent.name,
        "rule": req.deadline_basis,
    }
    with _system_scope(from_org):
        _event(req, EventKind.ESCALATED, None, data=data, from_org=from_org, to_org=parent)
        REQUEST_FLOW.apply(req, "escalate", actor=None, data=data)  # worded when read: step_note
        audit.record(
            None,
            "rights.request.escalate",
            req,
            extra={"from": from_org.code, "to": parent.code, "old_due": str(old_due)},
        )
    return 1
