import io
import uuid

import pytest
from pypdf import PdfReader

from gonghui.assistance.models import Cycle, Entitlement, Payment, Programme
from gonghui.core.models import AuditEvent
from tests.conftest import MARKER_A

from .helpers import TODAY, draft_file, set_dibao, to_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(cast):
    set_dibao(cast, "1000")
    return to_state(cast, draft_file(cast), "filed")


def test_warmth_campaign_from_programme_to_payment_pdf(cast, login, filed):
    admin, chair, reviewer = login(cast.district_admin), login(cast.chair_a), login(cast.reviewer)
    admin.post("/assistance/programmes/new/", {"kind": "warmth", "name": "春节送温暖"})
    programme = Programme.objects.get()
    admin.post(
        f"/assistance/programmes/{programme.pk}/",
        {
            "name": "2027 春节送温暖",
            "year": TODAY.year,
            "start_date": TODAY.isoformat(),
            "end_date": TODAY.isoformat(),
            "goods_description": "米、油",
        },
    )
    cycle = Cycle.objects.get()
    assert cycle.cash_amount == 2500 and cycle.goods_value == 500
    admin.post(
        f"/assistance/cycles/{cycle.pk}/budget/",
        {"org_code": "D", "fund_source": "union", "amount": "10000"},
    )
    chair.post(f"/assistance/cycles/{cycle.pk}/nominate/", {"file_number": filed.number})
    entitlement = Entitlement.objects.get()
    reviewer.post(f"/assistance/cycles/{cycle.pk}/approve/")  # nothing ticked: nothing done
    entitlement.refresh_from_db()
    assert entitlement.status == "proposed"
    reviewer.post(f"/assistance/cycles/{cycle.pk}/approve/", {"ids": [entitlement.pk]})
    entitlement.refresh_from_db()
    assert entitlement.status == "approved"
    page = chair.get(f"/assistance/cycles/{cycle.pk}/").content.decode()
    assert "¥3,000.00" in page  # budget used: cash 2,500 + goods 500
    key = uuid.uuid4().hex
    for _ in range(2):  # a double click posts the same idempotency key
        login(cast.staff_a).post(
            f"/assistance/entitlements/{entitlement.pk}/pay/",
            {"method": "cash", "paid_on": TODAY.isoformat(), "idempotency_key": key},
        )
    assert Payment.objects.count() == 1
    staff_page = login(cast.staff_a).get(f"/assistance/cycles/{cycle.pk}/payments/")
    assert "待复核" in staff_page.content.decode()
    chair.post(f"/assistance/payments/{Payment.objects.get().pk}/confirm/")
    assert Payment.objects.get().confirmation.confirmed_by == cast.chair_a
    chair.post(
        f"/assistance/entitlements/{entitlement.pk}/visit/",
        {"visited_on": TODAY.isoformat(), "visitors": "陈静", "signed_off_on": TODAY.isoformat()},
    )
    pdf = chair.get(f"/assistance/cycles/{cycle.pk}/payments.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(
        "\n", ""
    )
    assert "发放签收表" in text and "领取人签字" in text and filed.applicant.name in text
    assert AuditEvent.unscoped.filter(action="assistance.payment_list.print").exists()
    assert chair.get(f"/assistance/cycles/{cycle.pk}/payments/").status_code == 200
    payment = Payment.objects.get()
    chair.post(
        f"/assistance/payments/{payment.pk}/reverse/", {"reason": "错发", "idempotency_key": "r1"}
    )
    assert Payment.objects.filter(kind="reversal").count() == 1
    assert MARKER_A not in login(cast.chair_b).get("/assistance/programmes/").content.decode()
    assert (
        login(cast.chair_b).get(f"/assistance/cycles/{cycle.pk}/").status_code == 200
    )  # district campaign
    assert (
        filed.applicant.name
        not in login(cast.chair_b).get(f"/assistance/cycles/{cycle.pk}/").content.decode()
    )


def test_chair_b_cannot_see_union_a_payments(cast, login, filed):
    from gonghui.assistance import programmes
    from tests.conftest import acting

    with acting(cast.chair_a):
        programme = programmes.create_programme(
            actor=cast.chair_a, org=cast.union_a, kind="emergency", name="甲工会临时救助"
        )
        cycle = programmes.open_cycle(
            actor=cast.chair_a,
            programme=programme,
            name="甲工会批次",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY,
        )
        programmes.set_budget(
            actor=cast.chair_a, cycle=cycle, org=cast.union_a, fund_source="union", amount="1000"
        )
        e = programmes.nominate(actor=cast.chair_a, cycle=cycle, file=filed, amount="500")
    with acting(cast.street_admin):
        pass
    with acting(cast.reviewer):
        programmes.approve_list(actor=cast.reviewer, cycle=cycle)
    with acting(cast.staff_a):
        payment = programmes.record_payment(
            actor=cast.staff_a, entitlement=e, method="cash", paid_on=TODAY, idempotency_key="x"
        )
    b = login(cast.chair_b)
    for url in (
        f"/assistance/cycles/{cycle.pk}/",
        f"/assistance/cycles/{cycle.pk}/payments/",
        f"/assistance/cycles/{cycle.pk}/payments.pdf",
        f"/assistance/payments/{payment.pk}/reverse/",
        f"/assistance/programmes/{programme.pk}/",
    ):
        assert b.get(url).status_code == 404, url
    assert b.get(f"/api/v1/assistance/cycles/{cycle.pk}/payments").status_code in (404, 401)


def test_dibao_page_only_district_admin_edits(cast, login):
    assert (
        login(cast.chair_a)
        .post("/assistance/dibao/", {"org_code": "D", "year": 2026, "monthly_amount": "1000"})
        .status_code
        == 403
    )
    login(cast.district_admin).post(
        "/assistance/dibao/",
        {"org_code": "D", "year": 2026, "monthly_amount": "1000", "note": "公告"},
    )
    assert "¥1,000.00" in login(cast.chair_a).get("/assistance/dibao/").content.decode()


def test_spot_check_page(cast, login, filed):
    login(cast.reviewer).post("/assistance/spot-checks/", {"year": TODAY.year})
    body = login(cast.reviewer).get("/assistance/spot-checks/").content.decode()
    assert filed.number in body
