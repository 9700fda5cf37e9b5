import datetime

import pytest
from django.core.management import call_command

from gonghui.rights.models import WorkerRequest
from tests.conftest import acting

from .helpers import aware, file_request

pytestmark = pytest.mark.django_db


def test_worker_files_and_rates_through_the_api(cast, login):
    client = login(cast.member_user)
    response = client.post(
        "/api/v1/rights/mine",
        {
            "category": "wages",
            "title": "甲工会欠薪",
            "description": "两个月",
            "affected_workers": 2,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["org_code"] == "A" and len(body["tracking_code"]) == 14
    req = WorkerRequest.unscoped.get(pk=body["id"])
    from gonghui.rights import services

    with acting(cast.chair_a):
        services.assign_request(actor=cast.chair_a, request=req, handler=cast.chair_a)
    answer = login(cast.chair_a).post(
        f"/api/v1/rights/requests/{req.pk}/answer",
        {"text": "已协调"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "answered"
    rated = client.post(
        f"/api/v1/rights/mine/{req.pk}/rating", {"score": 4}, content_type="application/json"
    )
    assert rated.json()["rating"] == 4


def test_api_lists_are_scoped(cast, login):
    file_request(cast)
    a_items = login(cast.chair_a).get("/api/v1/rights/requests/").json()["items"]
    b_items = login(cast.chair_b).get("/api/v1/rights/requests/").json()["items"]
    assert len(a_items) == 1 and b_items == []
    stats = login(cast.district_admin).get("/api/v1/rights/dashboard?org_code=A").json()
    assert stats["total"] == 1 and stats["by_category"]["欠薪讨薪"] == 1
    assert login(cast.chair_b).get("/api/v1/rights/dashboard?org_code=A").status_code == 404


def test_escalate_command_can_enqueue_the_task(cast):
    req, _ = file_request(cast, now=aware(datetime.date(2020, 3, 2)))
    call_command("escalate_requests", "--enqueue")
    req.refresh_from_db()
    assert req.org == cast.street and req.escalation_count == 1
