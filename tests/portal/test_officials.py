"""Officials are members: the district's roster of officials with positions, terms, training
hours and their member records, as one list and an Excel export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from gonghui.core.models import AuditEvent
from gonghui.life.models import Course, Enrolment
from tests.conftest import acting

from .helpers import make_member
from .samples import official_of_a

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_roster_lists_officials_with_training_hours_and_member_link(cast):
    from gonghui.portal import services

    official = official_of_a(cast)
    course = Course.unscoped.create(
        org=cast.district,
        title="工会干部培训",
        audience="officials",
        starts_on=datetime.date(2025, 3, 1),
        hours=Decimal("16"),
    )
    Enrolment.unscoped.create(
        course=course, official=official, org=official.org, hours=Decimal("12.5")
    )
    member = make_member(cast.union_a, name="甲工会主席")
    with acting(cast.chair_a):
        services.link_official(
            actor=cast.chair_a, official=official, card_number=member.card_number
        )
    assert AuditEvent.unscoped.filter(action="portal.official.link").count() == 1
    page = _client(cast.district_admin).get("/m/officials/").content.decode()
    assert "甲工会主席" in page and "12.5" in page and member.card_number in page
    book = load_workbook(io.BytesIO(_client(cast.district_admin).get("/m/officials.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1] == (
        cast.union_a.name,
        "甲工会主席",
        "—",
        "主席",
        "否",
        "2024-01-01",
        "2024-01-01",
        "2029-01-01",
        "12.5",
        member.card_number,
    )
    assert "甲工会主席" not in _client(cast.chair_b).get("/m/officials/").content.decode()


def test_linking_an_official_needs_a_member_in_scope(cast):
    from django.core.exceptions import ValidationError

    from gonghui.portal import services

    official = official_of_a(cast)
    other = make_member(cast.union_b)
    with acting(cast.chair_a), pytest.raises(ValidationError):
        services.link_official(actor=cast.chair_a, official=official, card_number=other.card_number)
    response = _client(cast.chair_b).post(
        f"/m/officials/{official.pk}/member/", {"card_number": other.card_number}
    )
    assert response.status_code == 404
