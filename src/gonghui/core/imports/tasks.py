"""Background import work. Tasks take ids and re-enter the scope of the user who started them,
and speak their language."""

from contextlib import contextmanager

from django_tasks import task

from gonghui.core.access import scope_for_assignment
from gonghui.core.models import ImportJob
from gonghui.core.scoping import activate

from . import services


@contextmanager
def job_scope(job_id):
    # unscoped: a task re-reads its job by id before re-entering the job's scope
    job = ImportJob.unscoped.select_related(
        "assignment__org", "assignment__user", "org", "created_by"
    ).get(pk=job_id)
    with activate(scope_for_assignment(job.assignment)), services.in_job_language(job):
        yield job


def _take(job_id):
    """Before a worker takes an import: jobs whose worker died are marked failed (retryable),
    then this process claims the job."""
    services.recover_orphans()


@task()
def validate_import(job_id):
    _take(job_id)
    with job_scope(job_id) as job:
        services.claim(job)
        services.validate_job(job)


@task()
def commit_import(job_id, mode):
    _take(job_id)
    with job_scope(job_id) as job:
        services.claim(job)
        services.commit_job(job, mode)


@task()
def purge_imports():
    """Delete the files and stored rows of old import jobs (run nightly by the worker or cron)."""
    services.recover_orphans()
    return services.purge_old_jobs()
