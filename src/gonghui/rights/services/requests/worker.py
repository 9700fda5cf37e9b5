"""The worker's own steps on their request: rating the answer, asking to reopen."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.core import audit
from gonghui.core.roles import Role
from gonghui.core.scoping import (
    Scope,
    activate,
)

from ...enums import (
    ClosureReason,
    EventKind,
)
from ...models import WorkerRequest, hash_tracking_code
from ._common import REQUEST_FLOW, _event, deadline_for
from .filing import _untraceable

# ---------------------------------------------------------------- the worker's side


@contextmanager
def _as_worker(req):
    """The scope of the worker who follows a request by tracking code (no login, no user)."""
    with activate(Scope(user=None, role=Role.MEMBER, org_id=req.org_id, org_path=req.org.path)):
        yield


def _own(actor, request, tracking_code):
    """The request the worker may rate or reopen: their own (logged in) or the code's."""
    if tracking_code:
        req = (
            WorkerRequest.unscoped.select_for_update()  # unscoped: the worker's own request (found by submitter, not by union scope)
            .filter(tracking_hash=hash_tracking_code(tracking_code))
            .first()
        )
        if req is None:
            raise Http404
        return req, None
    # A logged-in worker acts only on requests they filed themselves.
    req = (
        WorkerRequest.unscoped.select_for_update().filter(pk=request.pk).first()
    )  # unscoped: the worker's own request (found by submitter, not by union scope)
    if req is None or actor is None or req.submitter_id != actor.pk:
        raise Http404
    return req, actor


@transaction.atomic
def rate_request(*, actor, request=None, tracking_code="", score, comment=""):
    """The worker rates the answer (1–5); this closes the request."""
    req, actor = _own(actor, request, tracking_code)
    if score not in range(1, 6):
        raise ValidationError({"score": gettext("评分为 1 至 5 分")})
    req.rating = score
    req.rating_comment = comment.strip()[:500]
    req.closure_reason = ClosureReason.RATED
    req.closed_at = timezone.now()
    with _as_worker(req) if actor is None else _noop():
        REQUEST_FLOW.apply(req, "rate", actor=actor)
    _event(req, EventKind.RATED, actor, req.rating_comment, data={"score": score})
    _worker_audit(actor, "rights.request.rate", req, {"score": score})
    return req


@transaction.atomic
def reopen_request(*, actor, request=None, tracking_code="", reason, now=None):
    """The worker is not satisfied and asks once for the request to be handled again.

    The union gets a fresh deadline for the category, counted from today."""
    req, actor = _own(actor, request, tracking_code)
    now = now or timezone.now()
    with _as_worker(req) if actor is None else _noop():
        # The guard reads the state before the reopen (one reopen, after an answer or rating).
        REQUEST_FLOW.apply(req, "reopen", actor=actor, reason=reason)
    req.due_date, req.deadline_basis = deadline_for(req.category, timezone.localdate(now), req.org)
    req.reopen_count += 1
    req.closure_reason = ""
    req.closed_at = None
    req.answered_on_time = None
    req.reminded_for = None
    req.save(
        update_fields=[
            "due_date",
            "deadline_basis",
            "reopen_count",
            "closure_reason",
            "closed_at",
            "answered_on_time",
            "reminded_for",
        ]
    )
    _event(req, EventKind.REOPENED, actor, reason.strip())
    _worker_audit(actor, "rights.request.reopen", req, {})
    return req


@contextmanager
def _noop():
    yield


def _worker_audit(actor, action, req, extra):
    if actor is None or req.is_anonymous:
        with _untraceable():
            audit.record(None, action, req, extra=extra)
    else:
        audit.record(actor, action, req, extra=extra)
