"""Finding 2: a masked ID number must not be recoverable by trying candidates without a trace."""

import datetime

import pytest

from gonghui.core.models import AuditEvent
from gonghui.members.models import Member, Transfer
from tests.conftest import _assign, _user
from tests.members.helpers import new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_b(cast):
    return Member.unscoped.create(
        org=cast.union_b,
        name="乙会员",
        gender="M",
        birth_date=datetime.date(1990, 3, 7),
        id_number=new_id(born=datetime.date(1990, 3, 7)),
        phone="13800000002",
        join_date=datetime.date(2020, 1, 1),
        card_number="B-000001",
    )


def test_candidate_id_numbers_are_limited_and_audited(cast, member_b, login):
    client = login(cast.staff_a)
    candidates = [new_id(born=datetime.date(1990, 3, 7)) for _ in range(12)]
    candidates[10] = member_b.id_number
    answers = []
    for candidate in candidates:
        page = client.post(
            "/members/transfers/request/", {"id_number": candidate, "to_org": "A", "reason": "x"}
        )
        answers.append(page.content.decode())
    # Ten lookups an hour: the eleventh (the right number) is refused, not confirmed.
    assert all("区内没有该身份证号的会员" in a for a in answers[:10])
    assert "按身份证号查询过于频繁" in answers[10]
    assert not Transfer.unscoped.exists()
    events = AuditEvent.unscoped.filter(action__startswith="members.member.id_lookup")
    assert events.filter(action="members.member.id_lookup").count() == 10
    assert events.filter(action="members.member.id_lookup_refused").count() == 2
    assert set(events.values_list("actor_id", flat=True)) == {cast.staff_a.pk}


def test_a_found_member_is_audited_with_the_lookup(cast, member_b, login):
    response = login(cast.staff_a).post(
        "/members/transfers/request/",
        {"id_number": member_b.id_number, "to_org": "A", "reason": "x"},
    )
    assert response.status_code == 302
    event = AuditEvent.unscoped.get(action="members.member.id_lookup")
    assert event.object_id == str(member_b.pk)
    assert event.extra == {"purpose": "transfer", "found": True}


def test_lookup_needs_a_permission(cast, member_b):
    from django.core.exceptions import PermissionDenied

    from gonghui.members import services
    from tests.conftest import acting

    viewer = _user("viewer-a", "甲审核")
    _assign(viewer, cast.union_a, "reviewer")
    with acting(viewer), pytest.raises(PermissionDenied):
        services.lookup_by_id_number(actor=viewer, id_number=member_b.id_number, purpose="t")


def test_birth_date_is_hidden_next_to_the_mask_without_reveal(cast, login):
    member = Member.unscoped.create(
        org=cast.union_a,
        name="甲会员二",
        gender="M",
        birth_date=datetime.date(1991, 4, 9),
        id_number=new_id(born=datetime.date(1991, 4, 9)),
        phone="13800000003",
        join_date=datetime.date(2020, 1, 1),
        card_number="A-000009",
    )
    staff_page = login(cast.staff_a).get(f"/members/{member.pk}/").content.decode()
    assert "1991-04-09" not in staff_page
    assert "已隐藏" in staff_page
    chair_page = login(cast.chair_a).get(f"/members/{member.pk}/").content.decode()
    assert "1991-04-09" in chair_page
    staff_api = login(cast.staff_a).get(f"/api/v1/members/{member.pk}").json()
    assert staff_api["birth_date"] is None
    assert login(cast.chair_a).get(f"/api/v1/members/{member.pk}").json()["birth_date"] == (
        "1991-04-09"
    )
