"""API: scoping, the worker's own items, the approval tally."""

import pytest

from gonghui.workplace.models import ContractStatus
from tests.workplace import samples

pytestmark = pytest.mark.django_db


def test_openapi_lists_workplace_paths(cast, login):
    doc = login(cast.chair_a).get("/api/v1/openapi.json").json()
    paths = {p for p in doc["paths"] if p.startswith("/api/v1/workplace/")}
    assert {
        "/api/v1/workplace/disclosures",
        "/api/v1/workplace/contracts/{contract_id}",
        "/api/v1/workplace/my/disclosures/{disclosure_id}/questions",
    } <= paths


def test_contract_api_scoped(cast, login, client):
    contract = samples._contract(cast)
    url = f"/api/v1/workplace/contracts/{contract.pk}"
    assert client.get(url).status_code == 401
    assert login(cast.chair_b).get(url).status_code == 404
    body = login(cast.chair_a).get(url).json()
    assert (body["title"], body["covered_employer_ids"]) == (
        "甲工会工资专项集体合同",
        [cast.employer_a.pk],
    )
    listed = login(cast.chair_b).get("/api/v1/workplace/contracts").json()
    assert listed["count"] == 0


def test_approval_tally_via_api(cast, login):
    contract = samples._contract(cast, status=ContractStatus.DRAFT)
    response = login(cast.chair_a).post(
        f"/api/v1/workplace/contracts/{contract.pk}/approval",
        {
            "approved_on": "2026-09-25",
            "delegates_total": 120,
            "delegates_present": 80,
            "votes_for": 61,
            "votes_against": 0,
        },
        content_type="application/json",
    )
    body = response.json()
    assert (body["passed"], body["quorum_needed"], body["pass_needed"], body["status"]) == (
        True,
        80,
        61,
        "approved",
    )


def test_worker_api_own_employer_only(cast, workers, login):
    d = samples._disclosure(cast)
    mine = login(workers.user_a).get("/api/v1/workplace/my/disclosures").json()
    assert [i["id"] for i in mine["items"]] == [d.pk]
    other = login(workers.user_a2)
    assert other.get("/api/v1/workplace/my/disclosures").json()["count"] == 0
    assert other.get(f"/api/v1/workplace/my/disclosures/{d.pk}").status_code == 404
    assert (
        other.post(
            f"/api/v1/workplace/my/disclosures/{d.pk}/questions",
            {"text": "?"},
            content_type="application/json",
        ).status_code
        == 404
    )
    asked = login(workers.user_a).post(
        f"/api/v1/workplace/my/disclosures/{d.pk}/questions",
        {"text": "何时发放？"},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["kind"] == "question"
    assert login(workers.user_a).get("/api/v1/workplace/disclosures").status_code == 403


def test_stats_api(cast, login):
    samples._contract(cast)
    body = login(cast.district_admin).get("/api/v1/workplace/stats").json()
    assert (body["org_code"], body["covered_employers"], body["employers"]) == ("D", 1, 2)
    assert login(cast.chair_b).get("/api/v1/workplace/stats?org_code=A").status_code == 404


@pytest.mark.parametrize("path", sorted(samples.API_SAMPLES))
def test_api_object_routes_scoped(cast, login, path):
    url = path.format(**samples.API_SAMPLES[path](cast))
    doc = login(cast.chair_a).get("/api/v1/openapi.json").json()
    method = next(iter(doc["paths"][path]))
    call = getattr(login(cast.chair_b), method)
    body = {
        "posted_on": "2026-10-01",
        "display_until": "2026-10-20",
        "channels": ["online"],
        "text": "x",
        "answer": "x",
        "approved_on": "2026-10-01",
        "delegates_total": 1,
        "delegates_present": 1,
        "votes_for": 1,
        "votes_against": 0,
        "poll_id": 1,
    }
    response = call(url, body, content_type="application/json") if method == "post" else call(url)
    assert response.status_code == 404
    assert "甲工会" not in response.content.decode()


def test_api_refuses_out_of_range_input(cast, login):
    client = login(cast.chair_a)
    contract = samples._contract(cast, status=ContractStatus.DRAFT)
    d = samples._disclosure(cast)
    assert client.get(f"/api/v1/workplace/contracts/{10**30}").status_code == 422
    assert client.get("/api/v1/workplace/disclosures?year=99999").status_code == 422
    r = client.post(
        f"/api/v1/workplace/disclosures/{d.pk}/post",
        {"posted_on": "9999-12-31", "display_until": "9999-12-31", "channels": ["online"]},
        content_type="application/json",
    )
    assert r.status_code == 422 and "posted_on" in r.json()["errors"]
    r = client.post(
        f"/api/v1/workplace/contracts/{contract.pk}/approval",
        {
            "approved_on": "2026-09-25",
            "delegates_total": 10**9,
            "delegates_present": 1,
            "votes_for": 1,
            "votes_against": 0,
        },
        content_type="application/json",
    )
    assert r.status_code == 422
