from django_tasks import task

from . import services


@task()
def refresh_stats():
    services.recompute_all()
