"""Background work of union money (the worker's schedule runs it daily)."""

from django_tasks import task

from .services.remittances import send_scheduled_reminders


@task()
def remind_arrears():
    """Text the employers in arrears up to last month, once per month each."""
    return {"reminded": send_scheduled_reminders()}
