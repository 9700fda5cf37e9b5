"""Background work of union life (the worker's schedule runs it daily)."""

from django_tasks import task

from .services.notices import send_notice_reminders


@task()
def remind_notices():
    """Text the unions that have not yet responded to a notice due soon."""
    return {"reminded": send_notice_reminders()}
