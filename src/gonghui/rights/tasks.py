"""Background work: reminders and escalation of overdue requests (the worker's schedule runs it)."""

from django_tasks import task

from . import services


@task()
def escalate_requests():
    """Remind handlers of requests due soon, then escalate the overdue ones."""
    reminded = services.send_reminders()
    escalated = services.escalate_overdue()
    return {"reminded": reminded, "escalated": escalated}
