"""Handling a request at the union: handlers, assignment, notes, transfer, answer, closure, urgent acknowledgement."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.core import audit
from gonghui.core.scoping import (
    require_perm,
)
from gonghui.orgs.models import OrgKind

from ...enums import (
    ClosureReason,
    EventKind,
    Status,
)
from ...rules import HANDLERS
from ._common import REQUEST_FLOW, _event, _locked


def handlers_for(org):
    """Users who may handle requests of ``org``: handler roles at it or at an ancestor."""
    from gonghui.core.models import User

    paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    return (
        User.objects.filter(
            role_assignments__org__path__in=paths,
            role_assignments__role__in=HANDLERS,
            role_assignments__is_active=True,
        )
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def assign_request(*, actor, request, handler):
    """Accept the request and name its handler (``handler`` may be the actor: "I take it")."""
    req = _locked(request)
    if not handlers_for(req.org).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": gettext("承办人须为本工会或上级工会的工作人员")})
    req.handler = handler
    REQUEST_FLOW.apply(req, "assign", actor=actor)
    _event(req, EventKind.ASSIGNED, actor, str(handler))
    audit.record(actor, "rights.request.assign", req, extra={"handler": handler.pk})
    return req


@transaction.atomic
def add_note(*, actor, request, text):
    """Log a call, a visit or a step of the handling on the timeline."""
    require_perm("rights.handle_request")
    req = _locked(request)
    if req.status == Status.CLOSED:
        raise ValidationError(gettext("诉求已办结，不能再添加办理记录"))
    if not text.strip():
        raise ValidationError({"text": gettext("请填写办理记录")})
    _event(req, EventKind.NOTE, actor, text.strip())
    audit.record(actor, "rights.request.note", req)
    return req


@transaction.atomic
def transfer_request(*, actor, request, to_org, reason):
    """Hand the request to another union with a reason. The worker's deadline keeps running."""
    req = _locked(request)
    if to_org.pk == req.org_id:
        raise ValidationError({"to_org": gettext("不能转给本工会")})
    if not to_org.is_active or to_org.kind == OrgKind.GROUP:
        raise ValidationError({"to_org": gettext("只能转给正常存续的工会（不含工会小组）")})
    from_org = req.org
    req.org = to_org
    req.handler = None
    REQUEST_FLOW.apply(req, "transfer", actor=actor, reason=reason)
    _event(req, EventKind.TRANSFERRED, actor, reason.strip(), from_org=from_org, to_org=to_org)
    audit.record(
        actor,
        "rights.request.transfer",
        req,
        extra={"from": from_org.code, "to": to_org.code, "reason": reason.strip()},
    )
    return req


@transaction.atomic
def answer_request(*, actor, request, text, now=None):
    """The written answer. Records whether it came within the deadline."""
    req = _locked(request)
    if not text.strip():
        raise ValidationError({"text": gettext("请填写书面答复")})
    now = now or timezone.now()
    req.answer = text.strip()
    req.answered_at = now
    req.answered_on_time = timezone.localdate(now) <= req.due_date
    REQUEST_FLOW.apply(req, "answer", actor=actor)
    _event(req, EventKind.ANSWERED, actor, req.answer)
    audit.record(
        actor,
        "rights.request.answer",
        req,
        extra={"on_time": req.answered_on_time, "due_date": str(req.due_date)},
    )
    return req


@transaction.atomic
def close_request(*, actor, request, reason, note=""):
    """Close with a reason (duplicate, withdrawn, referred…, or no rating after the answer)."""
    req = _locked(request)
    if reason == ClosureReason.RATED or reason not in ClosureReason.values:
        raise ValidationError({"reason": gettext("请选择办结原因")})
    if reason == ClosureReason.NO_RESPONSE and req.status != Status.ANSWERED:
        raise ValidationError({"reason": gettext("尚未答复的诉求不能以“逾期未评价”办结")})
    req.closure_reason = reason
    req.closed_at = timezone.now()
    # the reason is data (worded when read: step_note), the note as typed
    REQUEST_FLOW.apply(req, "close", actor=actor, reason=note.strip(), data={"reason": str(reason)})
    _event(req, EventKind.CLOSED, actor, note.strip(), data={"reason": str(reason)})
    audit.record(actor, "rights.request.close", req, extra={"reason": reason})
    return req


@transaction.atomic
def acknowledge_urgent(*, actor, request):
    """District staff confirm they have seen an urgent request."""
    require_perm("rights.view_urgent")
    req = _locked(request)
    if not req.is_urgent or req.urgent_acknowledged_at:
        raise ValidationError(gettext("该诉求无需确认"))
    req.urgent_acknowledged_at = timezone.now()
    req.save(update_fields=["urgent_acknowledged_at"])
    _event(req, EventKind.ACKNOWLEDGED, actor)
    audit.record(actor, "rights.request.acknowledge", req)
    return req
