import pytest

from gonghui.assistance import programmes
from gonghui.assistance.models import Payment
from tests.conftest import MARKER_A, acting

from .helpers import TODAY, draft_file, set_dibao, to_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cast):
    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "filed")
    with acting(cast.district_admin):
        programme = programmes.create_programme(
            actor=cast.district_admin, org=cast.district, kind="warmth", name="送温暖"
        )
        cycle = programmes.open_cycle(
            actor=cast.district_admin,
            programme=programme,
            name="批次",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY,
        )
        programmes.set_budget(
            actor=cast.district_admin,
            cycle=cycle,
            org=cast.district,
            fund_source="union",
            amount="9000",
        )
    with acting(cast.chair_a):
        entitlement = programmes.nominate(actor=cast.chair_a, cycle=cycle, file=file)
    with acting(cast.reviewer):
        programmes.approve_list(actor=cast.reviewer, cycle=cycle)
    return entitlement


def test_file_api_lists_and_shows_the_arithmetic_without_personal_numbers(cast, login):
    set_dibao(cast)
    file = draft_file(cast, income="2400", size=3)
    client = login(cast.chair_a)
    listing = client.get("/api/v1/assistance/files").json()
    assert [row["number"] for row in listing["items"]] == [file.number]
    detail = client.get(f"/api/v1/assistance/files/{file.pk}")
    assert detail.json()["category"] == "deep"
    assert any("人均月收入" in s for s in detail.json()["eligibility_steps"])
    assert file.applicant.id_number not in detail.content.decode()
    b = login(cast.chair_b)
    assert b.get(f"/api/v1/assistance/files/{file.pk}").status_code == 404
    assert MARKER_A not in b.get("/api/v1/assistance/files").content.decode()


def test_transition_api_applies_the_workflow(cast, login):
    set_dibao(cast)
    file = draft_file(cast)
    response = login(cast.chair_a).post(
        f"/api/v1/assistance/files/{file.pk}/transitions/submit",
        data={},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    refused = login(cast.chair_a).post(
        f"/api/v1/assistance/files/{file.pk}/transitions/review",
        data={},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_payment_api_is_idempotent(cast, login, approved):
    client = login(cast.staff_a)
    body = {
        "entitlement_id": approved.pk,
        "method": "cash",
        "paid_on": TODAY.isoformat(),
        "idempotency_key": "api-1",
    }
    first = client.post("/api/v1/assistance/payments", data=body, content_type="application/json")
    again = client.post("/api/v1/assistance/payments", data=body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    other = client.post(
        "/api/v1/assistance/payments",
        data={**body, "idempotency_key": "api-2"},
        content_type="application/json",
    )
    assert other.status_code == 422
    assert Payment.objects.count() == 1
    cycle = client.get(f"/api/v1/assistance/cycles/{approved.cycle_id}").json()
    assert cycle["budgets"][0]["used"] == "3000.00"  # cash 2,500 + goods 500
    payments = client.get(f"/api/v1/assistance/cycles/{approved.cycle_id}/payments").json()
    assert payments["count"] == 1


def test_out_of_range_ids_are_refused_not_crashing(cast, login):
    client = login(cast.chair_a)
    assert client.get("/api/v1/assistance/files/99999999999999999999").status_code == 422
    assert (
        client.get("/api/v1/assistance/cycles?programme_id=99999999999999999999").status_code == 422
    )
    assert client.get("/api/v1/assistance/files/0").status_code == 422
