"""Background work of hardship assistance (the worker's schedule runs the purge nightly)."""

from django_tasks import task

from . import retention


@task()
def purge_assistance(dry_run=False):
    """Purge the personal data of closed hardship files past their keep date (counts only)."""
    return retention.purge_due(dry_run=dry_run)
