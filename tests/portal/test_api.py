"""API of the member portal: the member's own summary and data, invitations, links, answers."""

import pytest
from django.test import Client

from gonghui.core.models import User
from gonghui.members.models import Member
from gonghui.portal.models import CorrectionRequest, Invitation

from .helpers import linked_member, make_member

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_member_reads_own_summary_and_data(cast):
    user = User.objects.create(username="api-m1")
    member = linked_member(cast.union_a, user, name="甲工会接口会员")
    client = _client(user)
    me = client.get("/api/v1/portal/me").json()
    assert me == {
        "name": "甲工会接口会员",
        "card_number": member.card_number,
        "org": cast.union_a.name,
        "status": "在会",
        "open_ballots": [],
        "requests": 0,
        "proposals": 0,
    }
    data = client.get("/api/v1/portal/me/data").json()
    assert data["会员信息"]["身份证号"] == member.id_number
    response = client.post(
        "/api/v1/portal/me/corrections",
        {"field_label": "民族", "text": "应为回族"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "open"


def test_staff_without_member_gets_403_on_me(cast):
    assert _client(cast.chair_a).get("/api/v1/portal/me").status_code == 403


def test_invitations_and_rates_through_the_api(cast, django_capture_on_commit_callbacks):
    waiting = make_member(cast.union_a, name="甲工会接口待激活")
    make_member(cast.union_a, user=cast.member_user)
    client = _client(cast.chair_a)
    rates = client.get("/api/v1/portal/activation").json()
    assert rates[0] == {
        "org_code": cast.union_a.code,
        "org": cast.union_a.name,
        "total": 2,
        "active": 1,
        "percent": "50.0%",
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/api/v1/portal/invitations",
            {"all_not_activated": True},
            content_type="application/json",
        )
    assert answer.json() == {"invited": 1}
    assert list(Invitation.unscoped.values_list("member_id", flat=True)) == [waiting.pk]
    outsider = _client(cast.chair_b).post(
        "/api/v1/portal/invitations", {"member_ids": [waiting.pk]}, content_type="application/json"
    )
    assert outsider.status_code == 404


def test_link_and_unlink_through_the_api(cast):
    member = make_member(cast.union_a)
    client = _client(cast.chair_a)
    url = f"/api/v1/portal/members/{member.pk}/link"
    linked = client.post(url, {"username": cast.staff_a.username}, content_type="application/json")
    assert linked.json() == {"member_id": member.pk, "username": cast.staff_a.username}
    assert Member.unscoped.get(pk=member.pk).user == cast.staff_a
    assert client.delete(url).json() == {"member_id": member.pk, "username": None}
    outsider = _client(cast.chair_b).post(
        url, {"username": cast.chair_b.username}, content_type="application/json"
    )
    assert outsider.status_code == 404


def test_answer_correction_through_the_api(cast):
    from gonghui.portal import services

    user = User.objects.create(username="api-m2")
    linked_member(cast.union_a, user)
    correction = services.ask_correction(actor=user, field_label="学历", text="本科")
    url = f"/api/v1/portal/corrections/{correction.pk}/answer"
    body = {"done": False, "answer": "学历证书未提供"}
    assert _client(cast.chair_b).post(url, body, content_type="application/json").status_code == 404
    answered = _client(cast.chair_a).post(url, body, content_type="application/json").json()
    assert answered["status"] == "declined" and answered["answer"] == "学历证书未提供"
    assert CorrectionRequest.unscoped.get().answered_by == cast.chair_a
