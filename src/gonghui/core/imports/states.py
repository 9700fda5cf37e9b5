"""The import job's states, asked one way by the import pages and the API.

uploaded -> validating (background) -> validated -> committing (background) -> done
                                               \\-> failed (retry: back to validating)
Pages (``core/imports/views.py``) and the roster API (``members/api.py``) both ask these
functions whether a job may be committed or retried and hand big files to the task queue with
them, so that the two cannot drift apart again.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core.models import ImportJob

from . import services, tasks
from .reading import estimate_rows

S = ImportJob.Status
FINISHED = frozenset({S.VALIDATED, S.DONE, S.FAILED, S.CANCELLED})
COMMIT_MODES = ("all", "valid")


def is_finished(job):
    """Nothing more happens to the job without someone acting (the API's ``finished``)."""
    return job.status in FINISHED


def is_running(job):
    """A background task works on the job (pages poll its progress)."""
    return job.is_running


def can_commit(job):
    return job.awaits_confirmation


def can_retry(job):
    return job.has_failed


def require_commit_mode(mode, field="mode"):
    if mode not in COMMIT_MODES:
        raise ValidationError({field: _("应为 all 或 valid")})


def require_committable(job):
    if not can_commit(job):
        raise ValidationError(_("该导入当前不能提交"))


def done_rows(job):
    """Rows done so far: all of a validated or finished job, the live count while committing."""
    if job.status in (S.VALIDATED, S.DONE):
        return job.total_rows
    if job.status == S.COMMITTING:
        return services.live_done_rows(job)
    return job.done_rows


def estimated_rows(job):
    with job.file.open("rb") as handle:
        return estimate_rows(handle, job.original_name)


def runs_in_background(job):
    """Files above ``IMPORT_BACKGROUND_ROWS`` rows are validated and committed by a task."""
    return estimated_rows(job) > settings.IMPORT_BACKGROUND_ROWS


def _speaking_for_this_request(job):
    """The worker words the job in the language of the person who handed it over now (who may
    have switched languages, or be a colleague), as the same work done at once would be."""
    job.language = translation.get_language() or job.language


def validate_in_background(job):
    """Mark the job validating and hand it to a worker."""
    job.status = S.VALIDATING
    _speaking_for_this_request(job)
    job.save(update_fields=["status", "language"])
    tasks.validate_import.enqueue(str(job.id))
    return job


def commit_in_background(job, mode):
    """Mark the job committing and enqueue the commit once the request's transaction holds."""
    job.status = S.COMMITTING
    job.done_rows = 0
    job.options = {**job.options, "background": True}
    _speaking_for_this_request(job)
    job.save(update_fields=["status", "done_rows", "options", "language"])
    job_id = str(job.id)
    transaction.on_commit(lambda: tasks.commit_import.enqueue(job_id, mode))
    return job


def commit(job, mode):
    """Commit a validated job: a task for a big file, at once for a small one."""
    require_commit_mode(mode)
    require_committable(job)
    if job.total_rows > settings.IMPORT_BACKGROUND_ROWS:
        return commit_in_background(job, mode)
    services.claim(job)
    return services.commit_job(job, mode)
