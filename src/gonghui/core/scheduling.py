"""Scheduled jobs and lost tasks: what every ``gonghui worker`` does besides running tasks.

No cron line is needed. Each worker process runs a small clock thread (``Clock``) that, every
``GONGHUI_WORKER_TICK_SECONDS``:

1. **beats**: writes the worker's ``WorkerHeartbeat`` row (the worker's lease);
2. **reaps**: a task result still ``RUNNING`` whose worker has not beaten for
   ``GONGHUI_WORKER_LEASE_SECONDS`` (the process was killed, the machine died) is marked
   ``FAILED`` with ``WorkerLost`` and the ``task_lost`` signal is sent, so the module that owns
   the work can make it resumable (imports do); nothing stays "running" forever;
3. **schedules**: every job of ``JOBS`` whose ``ScheduledJob.next_run_at`` has passed is enqueued
   on the task queue, and its next run set, in one transaction. On PostgreSQL the due rows are
   claimed with ``SELECT … FOR UPDATE SKIP LOCKED``; on SQLite the write transaction is
   ``IMMEDIATE`` (settings), so one writer at a time. Either way each due run is enqueued exactly
   once however many workers run, and a job missed while no worker ran runs once, not once per
   missed slot.

The schedule is this module's ``JOBS`` table: one place to read what runs when.
"""

import dataclasses
import datetime
import logging
import os
import socket
import threading
import traceback

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

#: Sent once for each task result the reaper marks failed: ``task_path``, ``args``, ``kwargs``,
#: ``result_id``, ``worker_id`` (the lost worker). Receivers make the work resumable.
task_lost = Signal()

LOST_EXCEPTION = "gonghui.core.scheduling.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped beating before the task finished."""


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks ``Task``
    label: str
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None  # local time (settings.TIME_ZONE)
    kwargs: dict = dataclasses.field(default_factory=dict)

    def first_run(self, now):
        """Interval jobs run at once on a fresh database; daily jobs at their next time."""
        return now if self.every else self.next_run(now)

    def next_run(self, now):
        if self.every:
            return now + self.every
        local = timezone.localtime(now)
        candidate = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        if candidate <= local:
            candidate += datetime.timedelta(days=1)
        return candidate


MINUTES = datetime.timedelta(minutes=1)

JOBS = {
    job.name: job
    for job in [
        Job(
            "rights.escalate_requests",
            "gonghui.rights.tasks.escalate_requests",
            gettext_lazy("职工诉求到期提醒与逾期升级"),
            every=15 * MINUTES,
        ),
        Job(
            "core.resend_stuck_sms",
            "gonghui.core.tasks.resend_stuck_sms",
            gettext_lazy("重新排队长时间未发出的短信"),
            every=10 * MINUTES,
        ),
        Job(
            "reports.refresh_stats",
            "gonghui.reports.tasks.refresh_stats",
            gettext_lazy("重算各组织统计"),
            daily_at=datetime.time(2, 0),
        ),
        Job(
            "assistance.purge",
            "gonghui.assistance.tasks.purge_assistance",
            gettext_lazy("清除保存期满的困难职工档案个人信息"),
            daily_at=datetime.time(3, 0),
        ),
        Job(
            "core.purge_imports",
            "gonghui.core.imports.tasks.purge_imports",
            gettext_lazy("删除过期的导入文件与暂存行，失效的导入任务标为失败"),
            daily_at=datetime.time(3, 30),
        ),
        Job(
            "core.clear_sessions",
            "gonghui.core.tasks.clear_expired_sessions",
            gettext_lazy("清理过期的登录会话"),
            daily_at=datetime.time(4, 0),
        ),
        Job(
            "core.prune_task_results",
            "gonghui.core.tasks.prune_task_results",
            gettext_lazy("清理 30 天前已结束的后台任务记录"),
            daily_at=datetime.time(4, 30),
        ),
        Job(
            "life.remind_notices",
            "gonghui.life.tasks.remind_notices",
            gettext_lazy("通知回复截止前短信提醒"),
            daily_at=datetime.time(8, 30),
        ),
        Job(
            "funds.remind_arrears",
            "gonghui.funds.tasks.remind_arrears",
            gettext_lazy("每月给欠缴工会经费的单位发送短信提醒"),
            daily_at=datetime.time(9, 0),
        ),
        Job(
            "workplace.remind_commitments",
            "gonghui.workplace.tasks.remind_commitments",
            gettext_lazy("共同约定到期与逾期未评估短信提醒"),
            daily_at=datetime.time(8, 45),
        ),
    ]
}


def lease_seconds():
    return int(getattr(settings, "WORKER_LEASE_SECONDS", 120))


def tick_seconds():
    return float(getattr(settings, "WORKER_TICK_SECONDS", 10))


# ------------------------------------------------------------------------------- heartbeat


def beat(worker_id, now=None):
    """Record that ``worker_id`` (this process) is alive."""
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
            },
        )


def sign_off(worker_id):
    """A worker leaving cleanly removes its heartbeat."""
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


# ----------------------------------------------------------------------------------- reaper


def reap_lost_tasks(now=None):
    """Mark failed every ``RUNNING`` task result whose worker's lease has run out; send
    ``task_lost`` for each. A task counts as lost when its (last) worker has not beaten within
    the lease and the task started before the lease window (so a worker that never beats — a
    plain ``db_worker`` — still gets a full lease). Returns the ids marked failed."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=lease_seconds())
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).only("id", "worker_ids", "task_path", "args_kwargs", "started_at")
    lost = []
    for result in running:
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        if worker_id in alive:
            continue
        seen = (
            WorkerHeartbeat.objects.filter(worker_id=worker_id)
            .values_list("seen_at", flat=True)
            .first()
        )
        last_seen = timezone.localtime(seen).strftime("%Y-%m-%d %H:%M:%S") if seen else _("无记录")
        message = _(
            "后台进程 {value} 已失联（最后心跳：{last_seen}），任务未完成，已标记为失败"
        ).format(value=worker_id or _("（未知）"), last_seen=last_seen)
        marked = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=LOST_EXCEPTION,
            traceback=f"{LOST_EXCEPTION}: {message}\n",
            return_value=None,
        )
        if not marked:
            continue  # finished, or another worker's reaper was quicker
        lost.append(str(result.pk))
        logger.warning("Task %s (%s) lost with worker %s", result.pk, result.task_path, worker_id)
        task_lost.send(
            sender=WorkerLost,
            task_path=result.task_path,
            args=result.args_kwargs.get("args", []),
            kwargs=result.args_kwargs.get("kwargs", {}),
            result_id=str(result.pk),
            worker_id=worker_id,
        )
    # forget workers gone for a long time (their tasks are reaped above)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return lost


# ---------------------------------------------------------------------------------- schedule


def ensure_rows(now=None, jobs=None):
    """One ``ScheduledJob`` row per job (created on first sight; existing rows untouched)."""
    from .models import ScheduledJob

    now = now or timezone.now()
    jobs = JOBS if jobs is None else jobs
    known = set(ScheduledJob.objects.filter(name__in=jobs).values_list("name", flat=True))
    missing = [
        ScheduledJob(name=name, next_run_at=job.first_run(now))
        for name, job in jobs.items()
        if name not in known
    ]
    if missing:
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)


def enqueue_due(worker_id="", now=None, jobs=None):
    """Enqueue every due job once and set its next run. Returns the names enqueued."""
    from .models import ScheduledJob

    now = now or timezone.now()
    jobs = JOBS if jobs is None else jobs
    ensure_rows(now, jobs)
    enqueued = []
    with transaction.atomic():
        due = list(
            ScheduledJob.objects.select_for_update(skip_locked=True)
            .filter(name__in=list(jobs), next_run_at__lte=now)
            .order_by("name")
        )
        for row in due:
            job = jobs[row.name]
            result = import_string(job.task).enqueue(**job.kwargs)
            row.next_run_at = job.next_run(now)
            row.last_enqueued_at = now
            row.last_task_id = str(result.id)[:64]
            row.last_worker_id = worker_id[:64]
            row.runs += 1
            row.save()
            enqueued.append(row.name)
    for name in enqueued:
        logger.info("Scheduled job %s enqueued by worker %s", name, worker_id)
    return enqueued


def run_now(name, now=None):
    """Make a job due at once (an operator's "run it now"); the next tick enqueues it."""
    from .models import ScheduledJob

    if name not in JOBS:
        raise LookupError(f"unknown scheduled job {name!r}")
    now = now or timezone.now()
    ensure_rows(now)
    ScheduledJob.objects.filter(name=name).update(next_run_at=now)


def tick(worker_id, *, schedule=True, now=None):
    """One round of the clock: beat, reap lost tasks, enqueue due jobs."""
    now = now or timezone.now()
    beat(worker_id, now)
    reap_lost_tasks(now)
    if schedule:
        enqueue_due(worker_id, now)


class Clock(threading.Thread):
    """The worker's clock thread: ``tick`` every ``interval`` seconds until ``stop()``.

    A failing round (database briefly unreachable or locked) is logged and retried at the next
    tick; it never stops the worker."""

    def __init__(self, worker_id, *, schedule=True, interval=None):
        super().__init__(name=f"gonghui-clock-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.schedule = schedule
        self.interval = tick_seconds() if interval is None else interval
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            try:
                close_old_connections()
                tick(self.worker_id, schedule=self.schedule)
            except Exception:
                logger.error("Worker clock round failed:\n%s", traceback.format_exc())
            finally:
                connections.close_all()  # this thread's connections only
            self._stop_event.wait(self.interval)

    def stop(self):
        self._stop_event.set()
