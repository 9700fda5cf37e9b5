"""Tasks used only by the multi-process tests (the workers import them from ``tests``)."""

import time

from django_tasks import task


@task()
def nap(seconds, label):
    """Sleep, then answer ``label``: a stand-in for a long import or a short job."""
    time.sleep(seconds)
    return label
