"""Text messages (短信) to people outside the platform: an outbox and pluggable gateways.

``send_sms(phone, template_key, params, related=obj)`` writes an ``SmsMessage`` row in the
caller's transaction (the phone number encrypted) and, once that transaction commits, enqueues
the ``deliver_sms`` task, which renders the template and hands the text to the backend named by
the ``GONGHUI_SMS_BACKEND`` setting (or environment variable; a dotted path):

- ``gonghui.core.notify.ConsoleBackend`` (default outside tests): logs the masked number and
  the text, for development and the demo;
- ``gonghui.core.notify.LocmemBackend`` (default in test runs): appends to ``notify.outbox``;
- ``gonghui.core.notify.HttpSmsBackend``: posts JSON to a gateway (``GONGHUI_SMS_URL``,
  ``GONGHUI_SMS_KEY``, ``GONGHUI_SMS_TIMEOUT``) and raises on anything but 2xx.

A failed send is retried (``core.sms_max_attempts``, ``core.sms_retry_seconds``) and then kept as
``failed`` with its error, listed for district admins at ``/outbox/``. A rolled-back transaction
sends nothing. Phone numbers never reach the logs or the error text in clear.

Apps register their message templates at import time::

    notify.register_template("members.application_approved", "【{sign}】您的入会申请已通过……")
"""

import datetime
import json
import logging
import os
import re
import string
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from . import config
from .masking import mask_phone
from .models import SmsMessage
from .scoping import current_scope

logger = logging.getLogger(__name__)

config.define(
    "core.sms_max_attempts",
    3,
    gettext_lazy("短信最多发送次数"),
    gettext_lazy(
        "短信网关发送失败时自动重试，达到此次数仍失败的标记为“发送失败”，在短信发件箱中可见"
    ),
)
config.define(
    "core.sms_retry_seconds",
    60,
    gettext_lazy("短信重试间隔（秒）"),
    gettext_lazy("第 n 次失败后等待 n 倍此秒数再重试（后台任务队列支持延时时）"),
)

DEFAULT_BACKEND = "gonghui.core.notify.ConsoleBackend"
TEST_BACKEND = "gonghui.core.notify.LocmemBackend"

_TEMPLATES: dict[str, str] = {}


class SmsError(Exception):
    """The gateway refused or could not be reached. The message never contains the number."""


def register_template(key, text):
    """Register message text with ``{name}`` placeholders under ``key`` (idempotent)."""
    if key in _TEMPLATES and _TEMPLATES[key] != text:
        raise ValueError(f"SMS template {key} registered twice with different text")
    _TEMPLATES[key] = text


def template_fields(key):
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(_TEMPLATES[key]) if name}


def render(template_key, params):
    """The message text for ``template_key`` with ``params``."""
    return _TEMPLATES[template_key].format(**params)


def site_url(path):
    """An absolute link for a message: ``GONGHUI_SITE_URL`` (setting or environment) + path."""
    base = getattr(settings, "GONGHUI_SITE_URL", None) or os.environ.get(
        "GONGHUI_SITE_URL", "http://127.0.0.1:8000"
    )
    return base.rstrip("/") + path


def _org_of(related):
    """The message's org: the related object's, else the sender's scope, else the district (so
    that every message shows in some district admin's outbox)."""
    from .tree import Org

    org = getattr(related, "org", None) if related is not None else None
    if org is not None:
        return org
    scope = current_scope(required=False)
    if scope is not None:
        return Org.objects.filter(pk=scope.org_id).first()
    return Org.get_first_root_node()


def send_sms(phone, template_key, params, *, related=None):
    """Queue one message to ``phone`` in the current transaction; it is sent after commit.

    ``params`` fill the template's placeholders and are stored encrypted (they may hold one-time
    codes and links); still give only what the message says, never ID or phone numbers. ``related`` (a
    model instance) is recorded as the message's subject and gives it its org (the outbox is
    scoped like the org's other data). Returns the ``SmsMessage``.
    """
    if template_key not in _TEMPLATES:
        raise LookupError(f"unknown SMS template {template_key!r}")
    params = {k: str(v) for k, v in (params or {}).items()}
    missing = template_fields(template_key) - set(params)
    if missing:
        raise ValueError(f"SMS template {template_key} needs {sorted(missing)}")
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        raise ValueError("no phone number to send to")
    org = _org_of(related)
    # unscoped: the SMS outbox is written and sent outside the sender's scope (tasks, public pages)
    message = SmsMessage.unscoped.create(
        org=org,
        org_path=org.path if org is not None else "",
        phone=digits,
        template_key=template_key,
        params=params,
        related_type=related._meta.label_lower if related is not None else "",
        related_id=str(related.pk) if related is not None else "",
    )
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message


def _enqueue(message_id, delay_seconds=0):
    """Hand a message to the task queue (delayed when the queue can defer tasks)."""
    if delay_seconds and deliver_sms.get_backend().supports_defer:
        run_after = timezone.now() + datetime.timedelta(seconds=delay_seconds)
        return deliver_sms.using(run_after=run_after).enqueue(message_id)
    return deliver_sms.enqueue(message_id)


@task()
def deliver_sms(message_id):
    """Background: try to send one queued message; schedule a retry or mark it failed."""
    return deliver(message_id)


def deliver(message_id):
    """One attempt at sending message ``message_id``; returns its status afterwards.

    The attempt is claimed with a conditional UPDATE (two workers never send the same attempt)
    and the gateway is called outside any transaction, so a slow gateway holds no lock (SQLite
    would otherwise block every writer for the length of the HTTP timeout)."""
    # unscoped: the SMS outbox is written and sent outside the sender's scope (tasks, public pages)
    message = SmsMessage.unscoped.filter(pk=message_id).first()
    if message is None or message.status != SmsMessage.Status.QUEUED:
        return message.status if message else None
    # unscoped: the SMS outbox is written and sent outside the sender's scope (tasks, public pages)
    claimed = SmsMessage.unscoped.filter(
        pk=message.pk, status=SmsMessage.Status.QUEUED, attempts=message.attempts
    ).update(attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        # unscoped: the SMS outbox is written and sent outside the sender's scope (tasks, public pages)
        return SmsMessage.unscoped.filter(pk=message.pk).values_list("status", flat=True).first()
    message.attempts += 1
    retry_in = 0
    try:
        text = render(message.template_key, message.params)
        message.provider_id = str(get_backend().send(message.phone, text, message) or "")[:100]
    except Exception as exc:  # any gateway failure is kept and retried, never lost
        message.last_error = _scrub(f"{type(exc).__name__}: {exc}", message.phone)[:500]
        if message.attempts >= config.get("core.sms_max_attempts"):
            message.status = SmsMessage.Status.FAILED
            logger.warning("SMS %s failed after %s attempts", message.pk, message.attempts)
        else:
            retry_in = config.get("core.sms_retry_seconds") * message.attempts
            logger.info("SMS %s attempt %s failed; retrying", message.pk, message.attempts)
    else:
        message.status = SmsMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
    message.save(update_fields=["status", "provider_id", "last_error", "sent_at", "updated_at"])
    if message.status == SmsMessage.Status.QUEUED:
        _enqueue(message.pk, retry_in)
    return message.status


@transaction.atomic
def retry(*, actor, message):
    """A district admin sends a failed message again (attempts start afresh)."""
    from . import audit
    from .scoping import require_perm

    require_perm("core.retry_sms")
    message = SmsMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != SmsMessage.Status.FAILED:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("只有发送失败的短信可以重发"))
    message.status = SmsMessage.Status.QUEUED
    message.attempts = 0
    message.save(update_fields=["status", "attempts", "updated_at"])
    audit.record(
        actor, "core.sms.retry", message, org=message.org, extra={"template": message.template_key}
    )
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message


def _scrub(text, phone):
    """Error text with the number (and any 11-digit run) masked."""
    if phone:
        text = text.replace(phone, mask_phone(phone))
    return re.sub(r"\d{11}", lambda m: mask_phone(m.group()), text)


# --- backends -----------------------------------------------------------------------------------


def get_backend():
    path = getattr(settings, "GONGHUI_SMS_BACKEND", None) or os.environ.get("GONGHUI_SMS_BACKEND")
    if not path:
        path = TEST_BACKEND if getattr(settings, "TESTING", False) else DEFAULT_BACKEND
    return import_string(path)()


class BaseBackend:
    def send(self, phone, text, message):
        """Send ``text`` to ``phone``; return the gateway's message id (or ``None``); raise on
        failure."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development and demo: the message is logged with the number masked."""

    def send(self, phone, text, message):
        logger.info("SMS to %s: %s", mask_phone(phone), text)
        return None


@dataclass
class SentSms:
    phone: str
    text: str
    template_key: str
    params: dict = field(default_factory=dict)


outbox: list[SentSms] = []


class LocmemBackend(BaseBackend):
    """Tests: messages are appended to ``gonghui.core.notify.outbox``."""

    def send(self, phone, text, message):
        outbox.append(SentSms(phone, text, message.template_key, dict(message.params)))
        return f"locmem-{len(outbox)}"


class HttpSmsBackend(BaseBackend):
    """A real gateway: ``POST`` JSON ``{"phone", "text", "template", "params"}`` to
    ``GONGHUI_SMS_URL`` with ``Authorization: Bearer GONGHUI_SMS_KEY``; any status but 2xx (or
    no answer within ``GONGHUI_SMS_TIMEOUT`` seconds) raises ``SmsError``. The gateway's JSON
    answer may name its message id as ``id`` or ``message_id``."""

    def __init__(self, url=None, key=None, timeout=None):
        self.url = url or _conf("GONGHUI_SMS_URL")
        self.key = key or _conf("GONGHUI_SMS_KEY")
        self.timeout = float(timeout or _conf("GONGHUI_SMS_TIMEOUT") or 10)

    def send(self, phone, text, message):
        if not self.url:
            raise SmsError("GONGHUI_SMS_URL is not set")
        body = json.dumps(
            {
                "phone": phone,
                "text": text,
                "template": message.template_key,
                "params": message.params,
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read(4096)
                status = response.status
        except urllib.error.HTTPError as exc:
            detail = exc.read(200).decode("utf-8", "replace")
            raise SmsError(f"gateway answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {getattr(exc, 'reason', exc)}") from None
        if not 200 <= status < 300:
            raise SmsError(f"gateway answered {status}")
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            return None
        return (data.get("id") or data.get("message_id")) if isinstance(data, dict) else None


def _conf(name):
    return getattr(settings, name, None) or os.environ.get(name)
