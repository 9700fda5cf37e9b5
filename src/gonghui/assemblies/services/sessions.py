"""Writes of sessions: agenda, documents, opening and closing, check-in."""

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.workdays import add_working_days

from .. import conf
from ..models import (
    AgendaItem,
    CheckIn,
    DelegateStatus,
    Document,
    PollStatus,
    Session,
    SessionStatus,
)
from ._common import MANAGE, _require

# --- sessions ----------------------------------------------------------------------------------


@transaction.atomic
def create_session(*, actor, congress, title, starts_at, number=1, venue="", agenda=()):
    _require(MANAGE, congress.org)
    session = Session.objects.create(
        org=congress.org,
        congress=congress,
        title=title,
        starts_at=starts_at,
        number=number,
        venue=venue,
    )
    for position, item in enumerate(agenda, start=1):
        AgendaItem.objects.create(session=session, position=position, title=item)
    audit.record(actor, "assemblies.session.create", session)
    return session


@transaction.atomic
def add_agenda_item(*, actor, session, title):
    _require(MANAGE, session.org)
    last = session.agenda.order_by("-position").first()
    item = AgendaItem.objects.create(
        session=session, title=title, position=(last.position + 1) if last else 1
    )
    audit.record(actor, "assemblies.agenda.add", session, extra={"title": title})
    return item


@transaction.atomic
def add_document(*, actor, session, title, body="", file=None, release=False):
    _require(MANAGE, session.org)
    document = Document.objects.create(
        session=session,
        title=title,
        body=body,
        file=file or "",
        released_at=timezone.now() if release else None,
    )
    audit.record(actor, "assemblies.document.add", session, extra={"title": title})
    return document


@transaction.atomic
def release_document(*, actor, document, at=None):
    """Send a document to the delegates (its release time decides "≥ 7 days before")."""
    _require(MANAGE, document.session.org)
    if document.released_at is not None:
        raise ValidationError(_("文件已发给代表"))
    document.released_at = at or timezone.now()
    document.save(update_fields=["released_at"])
    audit.record(
        actor, "assemblies.document.release", document.session, extra={"title": document.title}
    )
    return document


@transaction.atomic
def open_session(*, actor, session):
    _require(MANAGE, session.org)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("会议已开始或已结束"))
    session.status = SessionStatus.OPEN
    session.save(update_fields=["status"])
    audit.record(actor, "assemblies.session.open", session)
    return session


@transaction.atomic
def close_session(*, actor, session, minutes="", closed_on=None):
    """Close the session; the report to the upper union falls due in N working days."""
    _require(MANAGE, session.org)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("会议已闭会"))
    if session.polls.filter(status=PollStatus.OPEN).exists():
        raise ValidationError(_("还有正在进行的表决"))
    session.status = SessionStatus.CLOSED
    session.closed_on = closed_on or timezone.localdate()
    session.minutes = minutes or session.minutes
    days = config.get(conf.REPORT_WORKDAYS.key, org=session.org)
    session.report_due = add_working_days(session.closed_on, days)
    session.save()
    audit.record(
        actor, "assemblies.session.close", session, extra={"report_due": str(session.report_due)}
    )
    return session


@transaction.atomic
def save_minutes(*, actor, session, minutes):
    _require(MANAGE, session.org)
    session.minutes = minutes
    session.save(update_fields=["minutes"])
    audit.record(actor, "assemblies.session.minutes", session)
    return session


@transaction.atomic
def record_report(*, actor, session, reported_on=None):
    _require(MANAGE, session.org)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_("闭会后才能报送"))
    session.reported_on = reported_on or timezone.localdate()
    session.save(update_fields=["reported_on"])
    audit.record(
        actor, "assemblies.session.report", session, extra={"reported_on": str(session.reported_on)}
    )
    return session


def _check_in(session, delegate, *, by_qr, recorded_by):
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("会议已闭会"))
    if delegate.congress_id != session.congress_id or delegate.status != DelegateStatus.ACTIVE:
        raise ValidationError(_("不是本次会议的在任代表"))
    existing = CheckIn.objects.filter(session=session, delegate=delegate).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                session=session, delegate=delegate, by_qr=by_qr, recorded_by=recorded_by
            ), True
    except IntegrityError:
        return CheckIn.objects.get(session=session, delegate=delegate), False


@transaction.atomic
def check_in_delegate(*, actor, session, delegate):
    """Staff check a delegate in on their behalf (idempotent): its own audited act, recorded as
    not by QR and shown on the console as 代签 with the staff member's name."""
    _require(MANAGE, session.org)
    checkin, created = _check_in(session, delegate, by_qr=False, recorded_by=actor)
    if created:
        audit.record(actor, "assemblies.checkin.staff", session, extra={"delegate": delegate.pk})
    return checkin


def _checkin_window(session, at=None):
    seconds = max(5, int(config.get(conf.CHECKIN_QR_SECONDS.key, org=session.org)))
    return int((time.time() if at is None else at) // seconds)


def _checkin_mac(session, window):
    message = f"{session.checkin_token}:{window}"
    return salted_hmac("gonghui.assemblies.checkin", message, algorithm="sha256").hexdigest()[:20]


def checkin_code(session, *, at=None):
    """The check-in code the session's QR shows now: the session's token and a MAC of the
    current time window, so a code stops working a window or two after it was shown."""
    return f"{session.checkin_token}.{_checkin_mac(session, _checkin_window(session, at))}"


def checkin_code_valid(session, code, *, at=None):
    """True for the code of the current or the previous time window of this session."""
    token, _dot, mac = (code or "").strip().rpartition(".")
    if not token or not constant_time_compare(token, session.checkin_token):
        return False
    window = _checkin_window(session, at)
    return any(constant_time_compare(mac, _checkin_mac(session, w)) for w in (window, window - 1))


@transaction.atomic
def check_in_self(*, actor, session, delegate, code):
    """A delegate checks in on their phone with the code of the session's QR, which changes
    every few seconds (``checkin_code``): being in the hall is what a check-in asserts."""
    if delegate.member.user_id != actor.pk:
        raise PermissionDenied
    if not checkin_code_valid(session, code):
        raise ValidationError(_("签到二维码已过期或不正确：请扫描会场屏幕上正在显示的二维码"))
    checkin, _created = _check_in(session, delegate, by_qr=True, recorded_by=actor)
    return checkin
