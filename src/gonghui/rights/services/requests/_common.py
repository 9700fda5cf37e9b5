"""What the subjects of worker requests share: the workflow, the timeline event, the lock, the statuses still open."""

from contextlib import contextmanager

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from gonghui.core import config, notify
from gonghui.core.roles import Role
from gonghui.core.scoping import (
    Scope,
    activate,
)
from gonghui.core.workdays import add_working_days
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import Org

from ...conf import deadline_key
from ...enums import (
    OPEN_STATUSES,
    ClosureReason,
    EventKind,
    Status,
)
from ...models import RequestEvent, WorkerRequest

_OPEN = tuple(OPEN_STATUSES)

notify.register_template(
    "rights.urgent_request",
    "【工会职工诉求】紧急诉求 {number}：{category}，涉及 {workers} 人，{org}承办，请即查看：{url}",
)


def _reopen_guard(req, actor):
    if not req.can_reopen:
        return gettext("每件诉求只能申请重新办理一次")
    return None


REQUEST_FLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "assign",
            _OPEN,
            Status.IN_PROGRESS,
            "rights.handle_request",
            gettext_lazy("受理并指定承办人"),
        ),
        Transition(
            # the system's step: its deadlines are data (step_note), no reason to type
            "escalate",
            _OPEN,
            Status.NEW,
            "rights.escalate_request",
            gettext_lazy("逾期升级"),
        ),
        Transition(
            "transfer",
            _OPEN,
            Status.NEW,
            "rights.handle_request",
            gettext_lazy("转办"),
            needs_reason=True,
        ),
        Transition(
            "answer",
            (Status.IN_PROGRESS,),
            Status.ANSWERED,
            "rights.handle_request",
            gettext_lazy("书面答复"),
        ),
        Transition(
            "rate", (Status.ANSWERED,), Status.CLOSED, "rights.rate_request", gettext_lazy("评价")
        ),
        Transition(
            "reopen",
            (Status.ANSWERED, Status.CLOSED),
            Status.IN_PROGRESS,
            "rights.rate_request",
            gettext_lazy("申请重新办理"),
            needs_reason=True,
            guard=_reopen_guard,
        ),
        Transition(
            "close",
            (*_OPEN, Status.ANSWERED),
            Status.CLOSED,
            "rights.handle_request",
            gettext_lazy("办结"),  # the closure reason is chosen (close_request checks it)
        ),
    ],
)


def step_note(event):
    """A request's workflow step as the reader reads it: the escalation's deadlines and the
    closure reason (kept as ``data``) in the current language, then the note as typed."""
    data = event.data or {}
    if event.transition == "escalate" and data:
        return RequestEvent(kind=EventKind.ESCALATED, data=data).shown_text
    if event.transition == "close" and data.get("reason"):
        label = (
            ClosureReason(data["reason"]).label
            if data["reason"] in ClosureReason.values
            else data["reason"]
        )
        return f"{label} {event.reason}".strip()
    return event.reason


def _event(req, kind, actor=None, text="", from_org=None, to_org=None, at=None, data=None):
    """A timeline line: ``text`` what a person wrote, ``data`` what the system records (worded
    when read, ``RequestEvent.shown_text``)."""
    return RequestEvent.objects.create(
        request=req,
        kind=kind,
        actor=actor,
        text=text,
        data=data or {},
        from_org=from_org,
        to_org=to_org,
        at=at or timezone.now(),
    )


# ---------------------------------------------------------------- deadlines, routing, urgency


def deadline_for(category, start_date, org=None):
    """(due date, the rule as data: ``config.snapshot``): the category's working days counted
    from ``start_date``."""
    key = deadline_key(category)
    days = config.get(key, org)
    return add_working_days(start_date, days), config.snapshot(key, org)


# ---------------------------------------------------------------- handling


def _locked(req):
    """The request re-read under a row lock through the scoped manager (404 out of scope)."""
    try:
        return WorkerRequest.objects.select_for_update().select_related("org").get(pk=req.pk)
    except WorkerRequest.DoesNotExist:
        raise Http404 from None


# ---------------------------------------------------------------- reminders and escalation


@contextmanager
def _system_scope(org):
    """The system acts as the district (the root of ``org``'s tree) for escalations."""
    root = Org.objects.get(path=org.path[: org.steplen])
    with activate(Scope(user=None, role=Role.DISTRICT_ADMIN, org_id=root.pk, org_path=root.path)):
        yield
