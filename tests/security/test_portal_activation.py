"""Activation cannot enumerate the roster, and SMS codes expire and are single-use.

The activation request answers the same page whether or not the ID number is on the roster,
and does the same work: the roster lookup runs in a background task. Timing is measured with a
task backend that only queues (as production's database backend does), so the request itself
is what is timed."""

import datetime
import re
import statistics
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gonghui.core import notify
from gonghui.core.models import AuditEvent
from gonghui.members.models import Member
from gonghui.portal import services
from gonghui.portal.models import SmsCode
from tests.portal.helpers import make_member

pytestmark = pytest.mark.django_db

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    notify.outbox.clear()
    yield
    notify.outbox.clear()


def _post(client, name, id_number, phone):
    return client.post("/m/activate/", {"name": name, "id_number": id_number, "phone": phone})


def _answers(cast):
    member = make_member(cast.union_a, name="甲工会张三", phone="13733330001")
    ghost = make_member(cast.union_a, name="甲工会李四", phone="13733330002")
    ghost_id = ghost.id_number
    Member.unscoped.filter(pk=ghost.pk).delete()
    return member, ghost_id


def _without_csrf(html):
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_known_and_unknown_id_numbers_get_the_same_answer(cast, django_capture_on_commit_callbacks):
    member, ghost_id = _answers(cast)
    pages = []
    for name, id_number in [("甲工会张三", member.id_number), ("甲工会李四", ghost_id)]:
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            first = _post(client, name, id_number, "13733330001")
        second = client.get(first["Location"])
        pages.append((first.status_code, first["Location"], second.content.decode()))
    known, unknown = pages
    assert known[:2] == unknown[:2] == (302, "/m/activate/code/")
    assert _without_csrf(known[2]) == _without_csrf(unknown[2])
    # Only the real member's phone got a message; the audit says nothing about which was which.
    assert [m.phone for m in notify.outbox] == ["13733330001"]
    requests = AuditEvent.unscoped.filter(action="portal.activation.request")
    assert requests.count() == 2 and {e.object_id for e in requests} == {""}


def test_known_and_unknown_id_numbers_take_similar_time(cast, settings):
    settings.TASKS = QUEUE_ONLY
    member, ghost_id = _answers(cast)
    timings = {"known": [], "unknown": []}
    for _round in range(12):
        for label, id_number in [("known", member.id_number), ("unknown", ghost_id)]:
            cache.clear()  # the per-person limit would stop the rounds: time the work, not the 429
            client = Client()
            started = time.perf_counter()
            response = _post(client, "甲工会张三", id_number, "13733330001")
            timings[label].append(time.perf_counter() - started)
            assert response.status_code == 302
    known = statistics.median(timings["known"])
    unknown = statistics.median(timings["unknown"])
    assert 0.67 < known / unknown < 1.5, (known, unknown)


def test_activation_requests_are_rate_limited_per_address(cast):
    client = Client(REMOTE_ADDR="10.9.9.9")
    answers = [
        _post(client, "某人", make_member(cast.union_b).id_number, "13733339999").status_code
        for _ in range(21)
    ]
    assert answers[:20] == [302] * 20 and answers[20] == 429


def test_code_is_single_use(cast, django_capture_on_commit_callbacks):
    member = make_member(cast.union_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_activation(
            name=member.name, id_number=member.id_number, phone=member.phone, client="10.0.0.2"
        )
    code = notify.outbox[-1].params["code"]
    idx = services.phone_index(member.phone)
    assert services.use_code(phone_idx=idx, purpose="activate", code=code) is True
    assert services.use_code(phone_idx=idx, purpose="activate", code=code) is False


def test_code_expires(cast):
    idx = services.phone_index("13733330003")
    code = services.issue_code(phone_idx=idx, purpose="login")
    SmsCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.use_code(phone_idx=idx, purpose="login", code=code) is False


def test_a_new_code_voids_the_old_one_and_codes_do_not_cross_purposes(cast):
    idx = services.phone_index("13733330004")
    old = services.issue_code(phone_idx=idx, purpose="login")
    new = services.issue_code(phone_idx=idx, purpose="login")
    assert services.use_code(phone_idx=idx, purpose="reset", code=new) is False
    if old != new:
        assert services.use_code(phone_idx=idx, purpose="login", code=old) is False
    assert services.use_code(phone_idx=idx, purpose="login", code=new) is True


def test_activation_refusal_does_not_say_which_part_was_wrong(cast):
    member = make_member(cast.union_a)
    messages = []
    for name, id_idx in [
        (member.name, "not-an-index"),
        ("别人", services.id_index(member.id_number)),
    ]:
        with pytest.raises(ValidationError) as error:
            services.complete_activation(
                name=name,
                id_idx=id_idx,
                phone_idx=services.phone_index(member.phone),
                code="123456",
                password="Long-pass-2026!",
                client="10.0.0.3",
            )
        messages.append(error.value.messages)
    assert messages[0] == messages[1] == ["信息或验证码不正确，或验证码已过期。请核对后重试。"]
