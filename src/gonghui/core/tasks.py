"""Housekeeping tasks the worker's schedule runs (``core.scheduling.JOBS``)."""

import datetime

from django.utils import timezone
from django_tasks import task

#: A queued message not touched for this long has lost its delivery task (a worker died, the
#: queue was emptied): it is queued again. Longer than any retry delay the outbox uses.
SMS_STUCK_AFTER = datetime.timedelta(minutes=30)

#: Finished task results are kept this long (the admin's record of background work).
TASK_RESULTS_KEPT = datetime.timedelta(days=30)


@task()
def resend_stuck_sms():
    """Queue again every text message still waiting long after its last attempt."""
    from . import config, notify
    from .models import SmsMessage

    longest_retry = datetime.timedelta(
        seconds=config.get("core.sms_retry_seconds") * config.get("core.sms_max_attempts")
    )
    now = timezone.now()
    stuck = list(
        # unscoped: the outbox worker runs without a scope (a periodic task)
        SmsMessage.unscoped.filter(
            status=SmsMessage.Status.QUEUED,
            updated_at__lt=now - SMS_STUCK_AFTER - longest_retry,
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        # touch first, so the next sweep does not queue it again while this one waits
        # unscoped: the outbox worker runs without a scope (a periodic task)
        SmsMessage.unscoped.filter(pk=pk, status=SmsMessage.Status.QUEUED).update(updated_at=now)
        notify._enqueue(pk)
    return {"requeued": len(stuck)}


@task()
def clear_expired_sessions():
    """Delete expired login sessions (what ``django-admin clearsessions`` does)."""
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    return {"done": True}


@task()
def prune_task_results():
    """Delete finished task results older than ``TASK_RESULTS_KEPT``."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - TASK_RESULTS_KEPT
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).delete()
    return {"deleted": deleted}
