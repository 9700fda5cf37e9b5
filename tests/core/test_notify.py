"""The text-message outbox: rows written in the caller's transaction, the phone number encrypted,
sent after commit through the configured backend, retried, and failures listed for district
admins. The outside world (an SMS gateway) is a local HTTP server; the database is real."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection, transaction

from gonghui.core import notify
from gonghui.core.models import SmsMessage
from tests.conftest import MARKER_A, acting

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
notify.register_template("tests.hello", "【{sign}】{union}：你好，{word}")


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    notify.outbox.clear()
    yield
    notify.outbox.clear()


def _send(org, word="测试"):
    return notify.send_sms(
        PHONE, "tests.hello", {"sign": "测试区总工会", "union": org.name, "word": word}
    )


class FakeGateway:
    """An SMS gateway on 127.0.0.1: answers ``status`` and records what it was sent."""

    def __init__(self, status=200, answer=b'{"id": "gw-1"}'):
        self.status, self.answer, self.received = status, answer, []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.received.append(
                    (self.headers.get("Authorization"), json.loads(self.rfile.read(length)))
                )
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(
                    gateway.answer if gateway.status < 300 else f"rejected {PHONE}".encode()
                )

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_outbox_row_keeps_the_phone_and_params_encrypted(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast.union_a, word="验证码314159")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, params FROM core_smsmessage WHERE id = %s", [message.pk])
        stored_phone, params = cursor.fetchone()
    assert PHONE not in stored_phone and "5678" not in stored_phone
    # an operator reading the table sees neither the number nor a one-time code
    assert PHONE not in str(params) and "314159" not in str(params)
    assert cast.union_a.name not in str(params)
    message.refresh_from_db()
    assert message.phone == PHONE and message.phone_masked == "139****5678"
    assert message.status == SmsMessage.Status.SENT and message.attempts == 1
    assert message.org == cast.district  # no related object, no scope: the district's
    assert [(m.phone, m.text) for m in notify.outbox] == [
        (PHONE, f"【测试区总工会】{cast.union_a.name}：你好，验证码314159")
    ]
    assert message.params["word"] == "验证码314159"


def test_nothing_is_sent_before_commit_or_after_rollback(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _send(cast.union_a)
                assert notify.outbox == []
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and notify.outbox == []
    assert not SmsMessage.unscoped.exists()


def test_unknown_template_and_missing_params_are_refused(cast):
    with pytest.raises(LookupError):
        notify.send_sms(PHONE, "tests.nope", {})
    with pytest.raises(ValueError, match="word"):
        notify.send_sms(PHONE, "tests.hello", {"sign": "x", "union": "y"})
    with pytest.raises(ValueError):
        notify.send_sms("", "tests.hello", {"sign": "x", "union": "y", "word": "z"})


def test_console_backend_logs_the_masked_number(
    cast, settings, caplog, django_capture_on_commit_callbacks
):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.ConsoleBackend"
    with (
        caplog.at_level(logging.INFO, logger="gonghui.core.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _send(cast.union_a, word="控制台")
    assert "139****5678" in caplog.text and "控制台" in caplog.text
    assert PHONE not in caplog.text
    assert SmsMessage.unscoped.get().status == SmsMessage.Status.SENT


def test_http_backend_posts_json_with_the_key(cast, settings, django_capture_on_commit_callbacks):
    with FakeGateway() as gateway:
        settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.HttpSmsBackend"
        settings.GONGHUI_SMS_URL = gateway.url
        settings.GONGHUI_SMS_KEY = "gw-secret"
        with django_capture_on_commit_callbacks(execute=True):
            _send(cast.union_a)
    auth, body = gateway.received[0]
    assert auth == "Bearer gw-secret"
    assert body["phone"] == PHONE and body["template"] == "tests.hello"
    assert body["text"].endswith("你好，测试")
    message = SmsMessage.unscoped.get()
    assert message.status == SmsMessage.Status.SENT and message.provider_id == "gw-1"


def test_gateway_failure_is_retried_then_failed_and_listed(
    cast, settings, login, caplog, django_capture_on_commit_callbacks
):
    from gonghui.core import config

    with FakeGateway(status=503) as gateway:
        settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.HttpSmsBackend"
        settings.GONGHUI_SMS_URL = gateway.url
        with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
            with acting(cast.chair_a):
                message = notify.send_sms(
                    PHONE,
                    "tests.hello",
                    {"sign": "区", "union": cast.union_a.name, "word": "x"},
                    related=cast.employer_a,
                )
    attempts = config.get("core.sms_max_attempts")
    assert attempts >= 2
    assert len(gateway.received) == attempts
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED and message.attempts == attempts
    assert "503" in message.last_error
    assert PHONE not in message.last_error and "139****5678" in message.last_error
    assert PHONE not in caplog.text

    page = login(cast.district_admin).get("/outbox/?status=failed")
    body = page.content.decode()
    assert page.status_code == 200
    assert "139****5678" in body and PHONE not in body and "503" in body and "发送失败" in body
    # Union admins do not see the outbox; B's chair does not even learn the message exists.
    assert login(cast.chair_a).get("/outbox/").status_code == 403
    assert login(cast.chair_b).post(f"/outbox/{message.pk}/retry/").status_code == 404


def test_unreachable_gateway_fails_with_a_reason(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.HttpSmsBackend"
    settings.GONGHUI_SMS_URL = "http://127.0.0.1:9/sms"  # discard port: nothing listens
    settings.GONGHUI_SMS_TIMEOUT = "2"
    with django_capture_on_commit_callbacks(execute=True):
        _send(cast.union_a)
    message = SmsMessage.unscoped.get()
    assert message.status == SmsMessage.Status.FAILED
    assert "unreachable" in message.last_error


def test_retry_of_a_failed_message_sends_it(
    cast, settings, login, django_capture_on_commit_callbacks
):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.HttpSmsBackend"
    settings.GONGHUI_SMS_URL = "http://127.0.0.1:9/sms"
    with django_capture_on_commit_callbacks(execute=True):
        with acting(cast.chair_a):
            message = _send(cast.union_a)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    admin = login(cast.district_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/outbox/{message.pk}/retry/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT and len(notify.outbox) == 1
    assert admin.post(f"/outbox/{message.pk}/retry/").status_code == 302  # not failed: refused
    assert len(notify.outbox) == 1
    assert login(cast.chair_a).post(f"/outbox/{message.pk}/retry/").status_code == 403


def test_outbox_is_scoped_to_the_message_org(cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with acting(cast.chair_a):
            notify.send_sms(
                PHONE,
                "tests.hello",
                {"sign": "区", "union": MARKER_A, "word": "x"},
                related=cast.employer_a,
            )
    message = SmsMessage.unscoped.get()
    assert message.org == cast.union_a and message.related_type == "orgs.employer"
    assert MARKER_A in login(cast.district_admin).get("/outbox/").content.decode()


def test_a_deferring_queue_gets_the_retry_later(cast, settings, django_capture_on_commit_callbacks):
    """With a queue that can defer (the database queue in production), a failed attempt is
    enqueued again with ``run_after`` instead of being retried at once."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.HttpSmsBackend"
    settings.GONGHUI_SMS_URL = "http://127.0.0.1:9/sms"
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast.union_a)
    queued = default_task_backend.results
    assert [r.args for r in queued] == [[message.pk]] and queued[0].task.run_after is None
    assert notify.deliver(message.pk) == SmsMessage.Status.QUEUED  # attempt 1 failed
    retry = default_task_backend.results[-1]
    assert retry.task.run_after is not None and retry.task.run_after > message.created_at
    message.refresh_from_db()
    assert message.attempts == 1 and "unreachable" in message.last_error


def test_delivering_twice_sends_once(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast.union_a)
    assert notify.deliver(message.pk) == SmsMessage.Status.SENT  # a duplicate task: no-op
    assert len(notify.outbox) == 1
