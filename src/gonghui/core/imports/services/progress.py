"""Progress of a running job, read by the polling page."""

import os
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.utils import timezone


def _progress_key(job):
    return f"gonghui:import:{job.pk}:done"


def _progress_file(job):
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{job.pk}"


def report_progress(job, done):
    """Rows done so far of a commit. The commit runs in one transaction, where a row update
    stays invisible to the page polling it until the end; the count goes to the shared cache
    (Redis: every machine) and to a small file in the var dir (every process of this machine,
    whatever the cache), so the progress bar moves. The database cache is skipped inside the
    commit's transaction: its rows would stay as invisible as the job's, and writing them waits
    for the batch the import is writing on the same connection."""
    if not (connection.in_atomic_block and isinstance(caches["default"], DatabaseCache)):
        cache.set(_progress_key(job), done, 6 * 3600)
        cache.set(_progress_key(job) + ":seen", timezone.now().timestamp(), 6 * 3600)
    path = _progress_file(job)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(str(done))
    os.replace(partial, path)


def _file_progress(job):
    try:
        return int(_progress_file(job).read_text() or 0)
    except (OSError, ValueError):
        return 0


def clear_progress(job):
    cache.delete_many([_progress_key(job), _progress_key(job) + ":seen"])
    _progress_file(job).unlink(missing_ok=True)


def live_done_rows(job):
    """``job.done_rows``, or the progress a running commit reported, whichever is further."""
    return max(job.done_rows, cache.get(_progress_key(job)) or 0, _file_progress(job))
