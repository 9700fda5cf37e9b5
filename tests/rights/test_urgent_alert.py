"""J10 (issue 22): an urgent request texts the responsible staff at once (the SMS outbox)."""

import pytest

from gonghui.core import notify
from gonghui.core.models import SmsMessage

from .helpers import file_request

pytestmark = pytest.mark.django_db


def _phones(cast):
    for user, phone in ((cast.district_admin, "13800000001"), (cast.reviewer, "13800000002"),
                        (cast.chair_a, "13800000003"), (cast.chair_b, "13800000004")):  # fmt: skip
        user.phone = phone
        user.save()


def test_urgent_request_texts_district_staff_and_the_responsible_union(cast):
    _phones(cast)
    req, _code = file_request(cast, affected=40)
    assert req.is_urgent
    messages = SmsMessage.unscoped.filter(template_key="rights.urgent_request")
    assert sorted(m.phone for m in messages) == ["13800000001", "13800000002", "13800000003"]
    text = notify.render("rights.urgent_request", messages[0].params)
    assert req.number in text and "40" in text and "13800000" not in text
    assert {m.related_id for m in messages} == {str(req.pk)}


def test_ordinary_request_texts_nobody(cast):
    _phones(cast)
    file_request(cast, affected=3)
    assert not SmsMessage.unscoped.filter(template_key="rights.urgent_request").exists()
