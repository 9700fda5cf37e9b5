"""The organising API: scoped lists, a visit recorded through the service, the upper level's
decisions with their refusals as JSON errors."""

import datetime

import pytest

from gonghui.organising.services import terms as term_services
from tests.conftest import acting

from .helpers import CANDIDATES, make_target

pytestmark = pytest.mark.django_db


def test_employers_list_is_scoped(cast, login):
    make_target(cast, name="丙公司")
    street = login(cast.street_admin).get("/api/v1/organising/employers?min_headcount=25").json()
    assert [e["name"] for e in street["items"]] == ["丙公司"]
    assert street["items"][0]["stage"] == "found"
    assert login(cast.chair_b).get("/api/v1/organising/employers").json()["items"] == []


def test_visit_through_api(cast, login):
    employer = make_target(cast)
    client = login(cast.street_admin)
    url = f"/api/v1/organising/employers/{employer.pk}/visits"
    bad = client.post(url, {"kind": "visit", "visited_on": "2099-01-01", "summary": "x"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["errors"]["visited_on"] == ["走访日期不能晚于今天"]
    ok = client.post(url, {"kind": "phone", "visited_on": datetime.date.today().isoformat(),
                           "summary": "电话联系"}, content_type="application/json")  # fmt: skip
    assert ok.status_code == 201
    assert client.get("/api/v1/organising/employers").json()["items"][0]["stage"] == "contacted"


def test_plan_approval_through_api_refuses_the_union_itself(cast, login):
    with acting(cast.chair_a):
        change = term_services.draft_term_change(
            actor=cast.chair_a, org=cast.union_a, plan="方案", candidates=CANDIDATES, seats=3,
            years=5, election_on=datetime.date.today(),
        )  # fmt: skip
        term_services.submit_plan(actor=cast.chair_a, change=change)
    url = f"/api/v1/organising/term-changes/{change.pk}/approve-plan"
    own = login(cast.chair_a).post(url, {"document_no": "1号"}, content_type="application/json")
    assert own.status_code == 403
    upper = login(cast.street_admin).post(url, {"document_no": "街工〔2026〕1号"},
                                          content_type="application/json")  # fmt: skip
    assert upper.status_code == 200 and upper.json()["status"] == "plan_approved"
