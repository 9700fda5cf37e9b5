"""What staff type into a list's search box (a name, an ID number, a phone) is personal data:
an export's audit row keeps that a search was made, never its words, and the audit log says so
in words. (The server's access log leaves out query strings: tests/scale/test_multiprocess.py.)"""

import datetime
import json

import pytest

from gonghui.core.models import AuditEvent
from gonghui.members.models import Member
from tests.members.helpers import new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_a(cast):
    born = datetime.date(1988, 5, 17)
    return Member.unscoped.create(
        org=cast.union_a,
        name="钱晓燕",
        gender="F",
        birth_date=born,
        id_number=new_id(born=born),
        phone="13912345678",
        join_date=datetime.date(2021, 4, 1),
        card_number="A-900001",
    )


def _kept(action):
    (event,) = AuditEvent.unscoped.filter(action=action)
    return event, json.dumps(event.extra, ensure_ascii=False)


@pytest.mark.parametrize("words", ["id_number", "phone", "name"])
def test_a_roster_export_keeps_no_search_words(cast, login, member_a, words):
    typed = getattr(member_a, words)
    response = login(cast.chair_a).get("/members/export.xlsx", {"q": typed, "status": "active"})
    assert response.status_code == 200
    event, kept = _kept("members.member.export")
    assert typed not in kept and typed[-6:] not in kept
    assert event.extra["filter"] == {"q": True, "status": "active"}
    assert "rows" in event.extra


def test_hardship_and_request_exports_keep_no_search_words(cast, login):
    client = login(cast.chair_a)
    assert client.get("/assistance/export.xlsx", {"q": "钱晓燕"}).status_code == 200
    assert client.get("/rights/export.xlsx", {"q": "13912345678"}).status_code == 200
    for action in ("assistance.file.export", "rights.request.export"):
        _event, kept = _kept(action)
        assert "钱晓燕" not in kept and "13912345678" not in kept
        assert '"q": true' in kept or '"query": true' in kept


def test_the_audit_log_says_a_search_was_made(cast, login, member_a):
    login(cast.chair_a).get("/members/export.xlsx", {"q": member_a.id_number})
    page = login(cast.district_admin).get("/audit/").content.decode()
    assert "按关键词搜索：是" in page
    assert member_a.id_number not in page
