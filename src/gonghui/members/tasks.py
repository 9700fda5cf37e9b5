"""Background work of the roster."""

from django_tasks import task

from gonghui.core.models import ImportJob
from gonghui.core.scoping import scopes_disabled


@task()
def index_imported_members(job_id, org_id, ranges):
    """Write the search keys of the members a very large import created (id ranges in
    ``org_id``), then mark the import's search index done."""
    from . import bulk
    from .models import Member

    with scopes_disabled():
        ids = []
        for low, high in ranges:
            ids.extend(
                Member.unscoped.filter(org_id=org_id, pk__gte=low, pk__lte=high).values_list(
                    "pk", flat=True
                )
            )
        bulk.index_members(ids)
        job = ImportJob.unscoped.filter(pk=job_id).first()
        if job is not None:
            job.result["search_index"] = "done"
            job.save(update_fields=["result"])
