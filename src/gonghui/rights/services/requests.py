"""Worker requests: intake, routing, deadlines, handling, escalation, answer, rating, closure.

Every function takes the acting user first (``None`` for the system and for workers who follow
their request with a tracking code), runs in one transaction, checks permission and scope, moves
the workflow and writes the timeline event and the audit event.
"""

import secrets
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from gonghui.core import audit, config, notify
from gonghui.core.roles import Role
from gonghui.core.scoping import (
    Scope,
    activate,
    current_scope,
    org_in_scope,
    require_perm,
    scopes_disabled,
)
from gonghui.core.workdays import add_working_days
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import Org, OrgKind

from ..conf import deadline_key
from ..enums import (
    OPEN_STATUSES,
    Category,
    Channel,
    ClosureReason,
    EventKind,
    Status,
)
from ..models import RequestEvent, WorkerRequest, hash_tracking_code, normalize_phone
from ..rules import HANDLERS

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
            "assign", _OPEN, Status.IN_PROGRESS, "rights.handle_request", gettext_lazy("受理并指定承办人")
        ),
        Transition(
            "escalate", _OPEN, Status.NEW, "rights.escalate_request", gettext_lazy("逾期升级"), needs_reason=True
        ),
        Transition(
            "transfer", _OPEN, Status.NEW, "rights.handle_request", gettext_lazy("转办"), needs_reason=True
        ),
        Transition(
            "answer", (Status.IN_PROGRESS,), Status.ANSWERED, "rights.handle_request", gettext_lazy("书面答复")
        ),
        Transition("rate", (Status.ANSWERED,), Status.CLOSED, "rights.rate_request", gettext_lazy("评价")),
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
            gettext_lazy("办结"),
            needs_reason=True,
        ),
    ],
)

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code():
    """A random code such as ``K7QF-M2XP-9HTA`` (31^12 possibilities); only its hash is kept."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _event(req, kind, actor=None, text="", from_org=None, to_org=None, at=None):
    return RequestEvent.objects.create(
        request=req,
        kind=kind,
        actor=actor,
        text=text,
        from_org=from_org,
        to_org=to_org,
        at=at or timezone.now(),
    )


# ---------------------------------------------------------------- deadlines, routing, urgency


def deadline_for(category, start_date, org=None):
    """(due date, the rule as text): the category's working days counted from ``start_date``."""
    key = deadline_key(category)
    days = config.get(key, org)
    return add_working_days(start_date, days), config.describe(key, org)


def _active_up(org):
    """``org`` or its nearest active ancestor; a union group answers through its union."""
    while org is not None and (not org.is_active or org.kind == OrgKind.GROUP):
        org = org.get_parent()
    return org


def responsible_org(*, employer=None, member=None, street=None):
    """The union that answers: the employer's union, else the member's, else the chosen street."""
    if employer is not None:
        return _active_up(employer.org)
    if member is not None:
        return _active_up(member.org)
    if street is not None:
        return _active_up(street)
    raise ValidationError({"street": gettext("请选择所在街道（乡镇）工会")})


def urgency(category, affected_workers, org=None):
    """The reason a request is urgent, naming the setting that decided it ('' if not urgent)."""
    if category in config.get("rights.urgent_categories", org):
        return (
            gettext("{label}类诉求一律紧急（{describe}）").format(label=Category(category).label, describe=config.describe('rights.urgent_categories', org))
        )
    threshold = config.get("rights.urgent_wage_workers", org)
    if category == Category.WAGES and affected_workers >= threshold:
        return (
            gettext("欠薪涉及 {affected_workers} 人，达到紧急人数（{describe}）").format(affected_workers=affected_workers, describe=config.describe('rights.urgent_wage_workers', org))
        )
    return ""


# ---------------------------------------------------------------- intake


def _check_channel(actor, channel):
    # The public form: no login, no permission needed, only the app channel.
    if actor is None:
        if channel != Channel.APP:
            raise PermissionDenied
        return
    # Staff entering a hotline call or on a worker's behalf.
    if channel in (Channel.HOTLINE, Channel.STAFF):
        require_perm("rights.enter_request")
        return
    # A logged-in worker filing their own request.
    require_perm("rights.file_request")


def _check_contact(anonymous, actor, channel, contact_name, contact_phone):
    if anonymous:
        return
    needs_phone = actor is None or channel != Channel.APP
    digits = normalize_phone(contact_phone or "")
    if needs_phone and len(digits) < 7:
        raise ValidationError({"contact_phone": gettext("请填写有效的联系电话，以便工会与您联系")})
    if contact_phone and len(digits) < 7:
        raise ValidationError({"contact_phone": gettext("联系电话格式不正确")})
    if needs_phone and not (contact_name or "").strip():
        raise ValidationError({"contact_name": gettext("请填写联系人姓名")})


@contextmanager
def _untraceable():
    """Audit without actor, role or client address: an anonymous intake must not be traceable."""
    token = audit.client_ip.set(None)
    try:
        with scopes_disabled():
            yield
    finally:
        audit.client_ip.reset(token)


@transaction.atomic
def submit_request(
    *,
    actor,
    category,
    title,
    description,
    channel=Channel.APP,
    employer=None,
    employer_name="",
    street=None,
    affected_workers=1,
    amount_claimed=None,
    anonymous=False,
    contact_name="",
    contact_phone="",
    now=None,
):
    """File a request. Returns ``(request, tracking_code)``.

    Effects: the request routed to the responsible union with its deadline; timeline events
    (submitted, routed, urgent); an audit event. Anonymous: no user, member, name, phone or
    address is stored, the time is kept to the hour and the audit event has no actor or address.
    """
    _check_channel(actor, channel)
    if category not in Category.values:
        raise ValidationError({"category": gettext("请选择诉求类别")})
    if anonymous and category not in config.get("rights.anonymous_categories"):
        raise ValidationError(
            {
                "anonymous": gettext("该类别不接受匿名诉求（")
                + config.describe("rights.anonymous_categories")
                + "）"
            }
        )
    if affected_workers < 1:
        raise ValidationError({"affected_workers": gettext("涉及人数至少为 1")})
    if employer is not None and channel != Channel.APP and not org_in_scope(employer.org):
        raise Http404
    _check_contact(anonymous, actor, channel, contact_name, contact_phone)
    member = None
    if actor is not None and channel == Channel.APP and not anonymous:
        from gonghui.members.models import Member

        member = Member.unscoped.filter(user=actor).select_related("employer", "org").first()  # unscoped: the worker's own member record (a worker files as themself)
        if employer is None and member is not None and member.employer_id:
            employer = member.employer
    if employer is None and member is None and street is None and actor is not None:
        # Staff intake and logged-in workers without an employer: the union they act in.
        street = Org.objects.get(pk=current_scope().org_id)
    org = responsible_org(employer=employer, member=member, street=street)
    now = now or timezone.now()
    received = now.replace(minute=0, second=0, microsecond=0) if anonymous else now
    due, rule = deadline_for(category, timezone.localdate(received), org)
    reason = urgency(category, affected_workers, org)
    req = WorkerRequest(
        org=org,
        origin_org=org,
        category=category,
        channel=channel,
        title=title.strip(),
        description=description.strip(),
        employer=employer,
        employer_name=employer_name.strip() or (employer.name if employer else ""),
        affected_workers=affected_workers,
        amount_claimed=amount_claimed,
        is_anonymous=anonymous,
        received_at=received,
        due_date=due,
        deadline_rule=rule,
        tracking_hash="",
        is_urgent=bool(reason),
        urgent_reason=reason,
    )
    if not anonymous:
        req.submitter = actor if channel == Channel.APP else None
        req.member = member
        own_name = member.name if member else (str(actor) if req.submitter else "")
        req.contact_name = (contact_name or "").strip() or own_name
        req.contact_phone = normalize_phone(contact_phone or "")
    if channel != Channel.APP:
        req.entered_by = actor
    code = new_tracking_code()
    req.tracking_hash = hash_tracking_code(code)
    req.save()
    req.number = f"SQ{timezone.localdate(received):%Y}{req.pk:06d}"
    req.save(update_fields=["number"])
    sender = None if anonymous else actor
    _event(req, EventKind.SUBMITTED, sender, Channel(channel).label, at=received)
    _event(
        req, EventKind.ROUTED, None, gettext("办理期限 {due:%Y-%m-%d}（{rule}）").format(due=due, rule=rule), to_org=org, at=received
    )
    if reason:
        _event(req, EventKind.URGENT, None, reason, at=received)
        alert_urgent(req)
    extra = {
        "category": category,
        "channel": channel,
        "anonymous": anonymous,
        "urgent": bool(reason),
    }
    if anonymous:
        with _untraceable():
            # Like the row, the audit event keeps the time to the hour only.
            audit.record(None, "rights.request.submit", req, extra=extra, at=received)
    else:
        audit.record(actor, "rights.request.submit", req, extra=extra)
    return req, code


def urgent_recipients(req):
    """The staff told of an urgent request by text message: whoever may see urgent requests
    at the request's union or any union above it (the district), and the responsible union's
    own handlers. Only active assignments of users with a phone on their login."""
    from gonghui.core.models import RoleAssignment, User
    from gonghui.core.permissions import role_has_perm

    ancestors = [req.org.path[:i] for i in range(len(req.org.path), 0, -1)]
    assignments = RoleAssignment.objects.filter(
        is_active=True, user__is_active=True, org__path__in=ancestors
    ).values_list("user_id", "role", "org_id")
    wanted = {
        user_id
        for user_id, role, org_id in assignments
        # District staff who watch urgent requests, anywhere above (or at) the union.
        if role_has_perm(role, "rights.view_urgent")
        # The responsible union's own handlers.
        or (org_id == req.org_id and role_has_perm(role, "rights.handle_request"))
    }
    return [user for user in User.objects.filter(pk__in=wanted).order_by("pk") if user.phone]


def alert_urgent(req):
    """Text every responsible staff member about an urgent request (the SMS outbox; sent after
    commit). The message names the category, the number of workers and the union, never the
    worker."""
    for user in urgent_recipients(req):
        notify.send_sms(
            user.phone,
            "rights.urgent_request",
            {
                "number": req.number,
                "category": Category(req.category).label,
                "workers": req.affected_workers,
                "org": req.org.name,
                "url": notify.site_url(f"/rights/{req.pk}/"),
            },
            related=req,
        )


# ---------------------------------------------------------------- handling


def _locked(req):
    """The request re-read under a row lock through the scoped manager (404 out of scope)."""
    try:
        return WorkerRequest.objects.select_for_update().select_related("org").get(pk=req.pk)
    except WorkerRequest.DoesNotExist:
        raise Http404 from None


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
    label = ClosureReason(reason).label
    REQUEST_FLOW.apply(req, "close", actor=actor, reason=f"{label} {note}".strip())
    _event(req, EventKind.CLOSED, actor, f"{label} {note}".strip())
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
    req = WorkerRequest.unscoped.select_for_update().filter(pk=request.pk).first()  # unscoped: the worker's own request (found by submitter, not by union scope)
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
    _event(req, EventKind.RATED, actor, gettext("{score} 分 {rating_comment}").format(score=score, rating_comment=req.rating_comment).strip())
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
    req.due_date, req.deadline_rule = deadline_for(req.category, timezone.localdate(now), req.org)
    req.reopen_count += 1
    req.closure_reason = ""
    req.closed_at = None
    req.answered_on_time = None
    req.reminded_for = None
    req.save(
        update_fields=[
            "due_date",
            "deadline_rule",
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


# ---------------------------------------------------------------- reminders and escalation


@contextmanager
def _system_scope(org):
    """The system acts as the district (the root of ``org``'s tree) for escalations."""
    root = Org.objects.get(path=org.path[: org.steplen])
    with activate(Scope(user=None, role=Role.DISTRICT_ADMIN, org_id=root.pk, org_path=root.path)):
        yield


def send_reminders(now=None):
    """Put a reminder on the timeline of open requests due within the reminder window.

    Returns the number of reminders written. Each due date is reminded once."""
    today = timezone.localdate(now or timezone.now())
    horizon = add_working_days(today, config.get("rights.reminder_days"))
    count = 0
    with scopes_disabled():
        due_soon = WorkerRequest.objects.filter(
            status__in=_OPEN, due_date__gte=today, due_date__lte=horizon
        ).exclude(reminded_for=F("due_date"))
        for req in due_soon.select_related("org"):
            with transaction.atomic():
                req.reminded_for = req.due_date
                req.save(update_fields=["reminded_for"])
                _event(
                    req,
                    EventKind.REMINDER,
                    None,
                    gettext("将于 {due_date:%Y-%m-%d} 到期（{describe}）").format(due_date=req.due_date, describe=config.describe('rights.reminder_days')),
                )
                count += 1
    return count


def escalate_overdue(now=None):
    """Move every open request past its deadline up to the parent union.

    The upper union gets ``rights.escalation_days`` working days from today; the handler is
    cleared; the escalation shows on the timeline and in the audit log. A request already at
    the top of the tree stays where it is. Returns the number of requests escalated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with scopes_disabled():
        overdue = list(
            WorkerRequest.objects.filter(status__in=_OPEN, due_date__lt=today)
            .exclude(org__depth=1)
            .values_list("pk", flat=True)
        )
    return sum(_escalate_one(pk, today) for pk in overdue)


@transaction.atomic
def _escalate_one(pk, today):
    with scopes_disabled():
        req = WorkerRequest.objects.select_for_update().select_related("org").get(pk=pk)
    if not req.is_open or req.due_date >= today or req.org.depth == 1:
        return 0
    parent = _active_up(req.org.get_parent())
    if parent is None:
        return 0
    from_org, old_due = req.org, req.due_date
    days_key = "rights.escalation_days"
    req.org = parent
    req.handler = None
    req.escalation_count += 1
    req.due_date = add_working_days(today, config.get(days_key, parent))
    req.deadline_rule = config.describe(days_key, parent)
    req.reminded_for = None
    reason = (
        gettext("超过办理期限 {old_due:%Y-%m-%d} 未答复，自动升级至{name}，新期限 {due_date:%Y-%m-%d}（{deadline_rule}）").format(old_due=old_due, name=parent.name, due_date=req.due_date, deadline_rule=req.deadline_rule)
    )
    with _system_scope(from_org):
        REQUEST_FLOW.apply(req, "escalate", actor=None, reason=reason)
        _event(req, EventKind.ESCALATED, None, reason, from_org=from_org, to_org=parent)
        audit.record(
            None,
            "rights.request.escalate",
            req,
            extra={"from": from_org.code, "to": parent.code, "old_due": str(old_due)},
        )
    return 1
