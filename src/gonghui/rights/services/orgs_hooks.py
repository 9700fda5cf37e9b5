"""What the rights module holds for the union tree: open requests and cases keep an org from
being dissolved, and move with it when it is merged into another union."""

from gonghui.core.scoping import subtree_q

from ..enums import OPEN_STATUSES, CaseStatus, EventKind, Status
from ..models import Case, RequestEvent, WorkerRequest

_UNFINISHED = (*OPEN_STATUSES, Status.ANSWERED)


def open_records_held(org):
    """Unfinished requests and cases in ``org``'s subtree."""
    requests = WorkerRequest.unscoped.filter(
        subtree_q(org.path), status__in=_UNFINISHED
    )  # unscoped: org lifecycle hook: what keeps the org from being dissolved
    cases = Case.unscoped.filter(subtree_q(org.path)).exclude(
        status=CaseStatus.CLOSED
    )  # unscoped: org lifecycle hook: what keeps the org from being dissolved
    return requests.count() + cases.count()


def move_open_records(source, target):
    """On a merge, unfinished requests (noted on their timelines) and cases move to ``target``;
    finished ones stay with the union that handled them (history)."""
    ids = list(
        WorkerRequest.unscoped.filter(
            org=source, status__in=_UNFINISHED
        ).values_list(  # unscoped: org lifecycle hook: a merge moves unfinished requests
            "id", flat=True
        )
    )
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request_id=pk,
                kind=EventKind.TRANSFERRED,
                from_org=source,
                to_org=target,
                data={"merged": True},
            )
            for pk in ids
        ]
    )
    moved = WorkerRequest.unscoped.filter(id__in=ids).update(
        org=target
    )  # unscoped: org lifecycle hook: a merge moves unfinished requests
    moved += (
        Case.unscoped.filter(org=source).exclude(status=CaseStatus.CLOSED).update(org=target)
    )  # unscoped: org lifecycle hook: a merge moves open cases
    return moved
