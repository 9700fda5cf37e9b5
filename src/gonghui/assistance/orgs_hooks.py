"""What hardship assistance holds for the union tree: open files and registered jobless workers
keep an org from being dissolved; a merge moves them (and their rows) to the target. Payments are
append-only and stay with the org that paid them."""

from gonghui.core.scoping import subtree_q

from .enums import FileStatus, JoblessStatus
from .models import (
    FILE_PARTS,
    Entitlement,
    HardshipFile,
    JoblessWorker,
    JobReferral,
    StartupSupport,
    TrainingEnrolment,
)

MOVED = [
    HardshipFile,
    *FILE_PARTS.values(),
    Entitlement,
    JoblessWorker,
    TrainingEnrolment,
    JobReferral,
    StartupSupport,
]


def open_records_held(org):
    files = (
        HardshipFile.unscoped.filter(subtree_q(org.path))
        .exclude(status=FileStatus.CLOSED)
        .count()  # unscoped: org lifecycle hook: what keeps the org from being dissolved
    )
    workers = (
        JoblessWorker.unscoped.filter(
            subtree_q(org.path)
        )  # unscoped: org lifecycle hook: what keeps the org from being dissolved
        .exclude(status=JoblessStatus.REEMPLOYED)
        .count()
    )
    return files + workers


def move_records(source, target):
    moved = 0
    for model in MOVED:
        moved += model.unscoped.filter(org=source).update(
            org=target
        )  # unscoped: org lifecycle hook: a merge moves the records
    return moved
