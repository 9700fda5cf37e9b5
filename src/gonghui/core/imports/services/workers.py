"""Background workers and retention: claiming jobs, orphaned jobs, purging old ones."""

import datetime
import os
import socket

from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core import config
from gonghui.core.models import ImportJob

from ._common import STALE_MINUTES, in_job_language
from .progress import _progress_file, _progress_key, clear_progress

# --- background workers and retention ---------------------------------------------------------


def _this_worker():
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job):
    """Record that this process works on ``job`` (seen by the next worker if this one dies)."""
    job.worker, job.heartbeat_at = _this_worker(), timezone.now()
    # unscoped: the worker's heartbeat runs outside any request scope (a background task)
    ImportJob.unscoped.filter(pk=job.pk).update(worker=job.worker, heartbeat_at=job.heartbeat_at)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _last_seen(job):
    seen = [job.heartbeat_at or job.created_at]
    stamp = cache.get(_progress_key(job) + ":seen")
    if stamp:
        seen.append(datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC))
    try:
        seen.append(
            datetime.datetime.fromtimestamp(_progress_file(job).stat().st_mtime, tz=datetime.UTC)
        )
    except OSError:
        pass
    return max(seen)


def is_orphaned(job, now=None):
    """A validating or committing job whose worker is gone: a process of this machine that no
    longer runs, or a worker elsewhere not heard of for ``STALE_MINUTES``."""
    if job.status not in (ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING):
        return False
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _alive(int(pid))
    now = now or timezone.now()
    return now - _last_seen(job) > datetime.timedelta(minutes=STALE_MINUTES)


ORPHAN_MESSAGE = gettext_noop(
    "后台处理进程中断，本次导入没有写入任何数据：请点“重试”重新校验后再提交"
)


def recover_orphans(now=None):
    """Mark jobs whose worker died as failed (retryable): run by every worker before it takes
    an import task, and by the page that polls a job. Each job's message is worded in its
    uploader's language. Returns how many were marked."""
    marked = 0
    # unscoped: orphaned jobs of every union are marked failed (scheduled job, polling page)
    running = ImportJob.unscoped.filter(
        status__in=[ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING]
    ).exclude(worker="")
    for job in running:
        if is_orphaned(job, now):
            with in_job_language(job):
                message = _(ORPHAN_MESSAGE)
            # unscoped: the same job, read unscoped just above
            marked += ImportJob.unscoped.filter(pk=job.pk, status=job.status).update(
                status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
            )
            clear_progress(job)
    return marked


def purge_old_jobs(now=None):
    """Delete the uploaded file and the stored rows of jobs committed, failed or abandoned more
    than ``core.import_keep_days`` days ago (the job, its counts and its audit trail stay); an
    abandoned job says so in its uploader's language. Returns how many jobs were purged."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=config.get("core.import_keep_days"))
    finished = [ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.CANCELLED]
    # unscoped: the nightly purge (a scheduled job) deletes expired jobs of every union
    due = ImportJob.unscoped.filter(purged_at__isnull=True).filter(
        models.Q(status__in=finished, finished_at__lt=cutoff)
        | models.Q(status__in=finished, finished_at__isnull=True, created_at__lt=cutoff)
        | models.Q(
            status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATED],
            created_at__lt=cutoff,
        )
    )
    purged = 0
    for job in due.iterator(chunk_size=200):
        if job.file:
            job.file.delete(save=False)
        counts = {
            k: v for k, v in job.result.items() if k in ("counts", "errors", "committed_mode")
        }
        job.preview, job.issues, job.result = [], [], counts
        job.options = {k: v for k, v in job.options.items() if k in ("background",)}
        if job.status in (ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATED):
            job.status = ImportJob.Status.CANCELLED
            with in_job_language(job):
                job.message = _("超过保留期限未提交，已放弃并删除文件")
        job.purged_at = now
        job.save()
        clear_progress(job)
        purged += 1
    return purged
