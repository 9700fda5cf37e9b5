"""Filing a worker request: the tracking code, the responsible union, urgency and its alert."""

import secrets
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.core import audit, config, notify
from gonghui.core.scoping import (
    current_scope,
    org_in_scope,
    require_perm,
    scopes_disabled,
)
from gonghui.orgs.models import Org, OrgKind

from ...enums import (
    Category,
    Channel,
    EventKind,
)
from ...models import WorkerRequest, hash_tracking_code, normalize_phone, urgency_basis
from ._common import _event, deadline_for

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code():
    """A random code such as ``K7QF-M2XP-9HTA`` (31^12 possibilities); only its hash is kept."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


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
    """Why a request is urgent, as data naming the setting that decided it
    (``models.urgency_basis``; ``{}`` if not urgent)."""
    if category in config.get("rights.urgent_categories", org):
        rule = config.snapshot("rights.urgent_categories", org)
        return urgency_basis("category", rule, category=str(category))
    threshold = config.get("rights.urgent_wage_workers", org)
    if category == Category.WAGES and affected_workers >= threshold:
        rule = config.snapshot("rights.urgent_wage_workers", org)
        return urgency_basis("wage_workers", rule, workers=affected_workers)
    return {}


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
                "anonymous": gettext("该类别不接受匿名诉求（{describe}）").format(
                    describe=config.describe("rights.anonymous_categories")
                )
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

        member = (
            Member.unscoped.filter(user=actor).select_related("employer", "org").first()
        )  # unscoped: the worker's own member record (a worker files as themself)
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
        deadline_basis=rule,
        tracking_hash="",
        is_urgent=bool(reason),
        urgent_basis=reason,
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
    _event(req, EventKind.SUBMITTED, sender, data={"channel": str(channel)}, at=received)
    _event(
        req,
        EventKind.ROUTED,
        None,
        data={"due": due.isoformat(), "rule": rule},
        to_org=org,
        at=received,
    )
    if reason:
        _event(req, EventKind.URGENT, None, data={"urgent": reason}, at=received)
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
