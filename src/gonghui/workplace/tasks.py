"""Background work of the workplace module (the worker's schedule runs it daily)."""

from django_tasks import task

from .services.commitments import send_commitment_reminders


@task()
def remind_commitments():
    """Text the unions whose joint commitments near or pass their end date unevaluated."""
    return {"reminded": send_commitment_reminders()}
