"""Laid-off and unemployed workers: registration, training, referrals, start-up support,
re-employment, statistics, and relief paid through the programme machinery."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from gonghui.assistance import jobless, programmes
from gonghui.assistance.models import (
    Budget,
    Entitlement,
    JoblessWorker,
    JobReferral,
    Payment,
    StartupSupport,
    TrainingEnrolment,
)
from gonghui.core.models import AuditEvent
from tests.conftest import MARKER_A, acting

from .helpers import TODAY, draft_file, make_member, person_id, set_dibao, to_state

pytestmark = pytest.mark.django_db


def register(cast, org=None, name=f"{MARKER_A}失业职工", status="unemployed", **kw):
    org = org or cast.union_a
    user = cast.chair_b if org == cast.union_b else cast.chair_a
    with acting(user):
        return jobless.register_worker(
            actor=user,
            org=org,
            name=name,
            id_number=person_id(datetime.date(1978, 2, 3)),
            status=status,
            registered_on=TODAY - datetime.timedelta(days=60),
            **kw,
        )


def worker_cycle(cast, kind="jobless", budget="3000"):
    with acting(cast.district_admin):
        programme = programmes.create_programme(
            actor=cast.district_admin, org=cast.district, kind=kind, name=f"{kind} 项目"
        )
        cycle = programmes.open_cycle(
            actor=cast.district_admin,
            programme=programme,
            name=f"{TODAY.year} {kind}",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY + datetime.timedelta(days=30),
        )
        programmes.set_budget(
            actor=cast.district_admin,
            cycle=cycle,
            org=cast.district,
            fund_source="union",
            amount=budget,
        )
    return cycle


def nominate(cast, cycle, worker, amount="1000", **kw):
    with acting(cast.chair_a):
        return programmes.nominate_worker(
            actor=cast.chair_a, cycle=cycle, worker=worker, amount=amount, **kw
        )


def approve(cast, cycle):
    with acting(cast.reviewer):
        return programmes.approve_list(actor=cast.reviewer, cycle=cycle)


# --- registration and pages --------------------------------------------------------------------


def test_register_train_refer_hire_through_the_pages(cast, login):
    member = make_member(cast.union_a)
    client = login(cast.chair_a)
    response = client.post(
        "/assistance/jobless/new/",
        {
            "name": member.name,
            "id_number": member.id_number,
            "status": "laid_off",
            "member_card": member.card_number,
            "skills": "数控车床",
            "needs": "再就业岗位",
            "bank_name": "工商银行",
            "bank_account": "6222 0202 0000 1234",
        },
    )
    worker = JoblessWorker.objects.get()
    assert response["Location"] == f"/assistance/jobless/{worker.pk}/"
    assert worker.member == member and worker.org == cast.union_a
    assert worker.bank_account == "6222020200001234"
    page = client.get(f"/assistance/jobless/{worker.pk}/").content.decode()
    assert "6222020200001234" not in page and "1234" in page  # masked

    # training: enrol, then complete with a certificate
    response = client.post(
        f"/assistance/jobless/{worker.pk}/trainings/add/",
        {
            "course": "数控技能培训班",
            "provider": "区职业技能培训中心",
            "start_date": (TODAY - datetime.timedelta(days=30)).isoformat(),
        },
    )
    training = TrainingEnrolment.objects.get()
    assert response["Location"] == f"/assistance/jobless/trainings/{training.pk}/"
    assert training.status == "enrolled" and training.org == cast.union_a
    assert 'id="jobless-training">1<' in client.get("/assistance/jobless/").content.decode()
    listed = client.get("/assistance/jobless/trainings/?status=enrolled").content.decode()
    assert "数控技能培训班" in listed
    assert (
        "数控技能培训班"
        not in client.get("/assistance/jobless/trainings/?status=completed").content.decode()
    )
    refused = client.post(
        f"/assistance/jobless/trainings/{training.pk}/",
        {
            "status": "dropped",
            "end_date": TODAY.isoformat(),
            "certificate_obtained": "on",
            "certificate_name": "数控车工",
            "version": training.version,
        },
    )
    assert "只有结业才能取得证书" in refused.content.decode()
    client.post(
        f"/assistance/jobless/trainings/{training.pk}/",
        {
            "status": "completed",
            "end_date": TODAY.isoformat(),
            "certificate_obtained": "on",
            "certificate_name": "数控车工（四级）",
            "version": training.version,
        },
    )
    training.refresh_from_db()
    assert training.status == "completed" and training.certificate_name == "数控车工（四级）"

    # referral to a registered employer by credit code, then hired → re-employed
    missing = client.post(
        f"/assistance/jobless/{worker.pk}/referrals/add/",
        {"position": "车工", "referred_on": TODAY.isoformat()},
    )
    assert "请选择已登记单位或填写用人单位名称" in missing.content.decode()
    client.post(
        f"/assistance/jobless/{worker.pk}/referrals/add/",
        {
            "employer_code": cast.employer_a.credit_code,
            "position": "车工",
            "referred_on": (TODAY - datetime.timedelta(days=5)).isoformat(),
        },
    )
    referral = JobReferral.objects.get()
    assert referral.employer == cast.employer_a and referral.employer_name == cast.employer_a.name
    too_early = client.post(
        f"/assistance/jobless/referrals/{referral.pk}/",
        {"outcome": "hired", "outcome_on": "2000-01-01", "version": referral.version},
    )
    assert "结果日期不能早于推荐日期" in too_early.content.decode()
    client.post(
        f"/assistance/jobless/referrals/{referral.pk}/",
        {"outcome": "hired", "outcome_on": TODAY.isoformat(), "version": referral.version},
    )
    referral.refresh_from_db()
    worker.refresh_from_db()
    assert (referral.outcome, referral.outcome_on) == ("hired", TODAY)
    assert worker.status == "reemployed" and worker.reemployed_on == TODAY
    assert worker.reemployer == cast.employer_a
    assert worker.reemployed_employer == cast.employer_a.name
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assistance.jobless.register",
        "assistance.training.enrol",
        "assistance.training.update",
        "assistance.referral.create",
        "assistance.referral.outcome",
        "assistance.jobless.reemployed",
    } <= actions
    assert all(
        "6222020200001234" not in str(e.changes) + str(e.extra) for e in AuditEvent.objects.all()
    )
    assert "数控技能培训班" in client.get("/assistance/jobless/trainings/").content.decode()
    assert "车工" in client.get("/assistance/jobless/referrals/?status=hired").content.decode()


def test_reemployment_page_with_free_text_employer_and_date_checks(cast, login):
    worker = register(cast)
    client = login(cast.staff_a)
    url = f"/assistance/jobless/{worker.pk}/reemployed/"
    empty = client.post(url, {"reemployed_on": TODAY.isoformat()})
    assert "请填写再就业单位" in empty.content.decode()
    early = client.post(url, {"reemployed_on": "2001-01-01", "employer": "东湖钢铁"})
    assert "不能早于登记日期" in early.content.decode()
    unknown = client.post(
        url, {"reemployed_on": TODAY.isoformat(), "employer_code": "91320102MA0000000X"}
    )
    assert "找不到该单位" in unknown.content.decode()
    client.post(url, {"reemployed_on": TODAY.isoformat(), "employer": "东湖钢铁集团有限公司"})
    worker.refresh_from_db()
    assert worker.status == "reemployed" and worker.reemployed_employer == "东湖钢铁集团有限公司"


def test_training_and_referral_rules(cast):
    worker = register(cast)
    with acting(cast.chair_a):
        with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
            jobless.enrol_training(
                actor=cast.chair_a,
                worker=worker,
                course="电工",
                provider="中心",
                start_date=TODAY,
                end_date=TODAY - datetime.timedelta(days=1),
            )
        row = jobless.enrol_training(
            actor=cast.chair_a, worker=worker, course="电工", provider="中心", start_date=TODAY
        )
        with pytest.raises(ValidationError, match="结业或退出需填写结束日期"):
            jobless.update_training(
                actor=cast.chair_a, training=row, version=row.version, status="completed"
            )
        with pytest.raises(ValidationError, match="刷新"):
            jobless.update_training(
                actor=cast.chair_a, training=row, version=99, status="dropped", end_date=TODAY
            )
        jobless.update_training(
            actor=cast.chair_a, training=row, version=row.version, status="dropped", end_date=TODAY
        )
        referral = jobless.refer_job(
            actor=cast.chair_a,
            worker=worker,
            employer_name="鑫达物流",
            position="叉车司机",
            referred_on=TODAY,
        )
        jobless.record_referral_outcome(
            actor=cast.chair_a,
            referral=referral,
            version=referral.version,
            outcome="rejected",
            outcome_on=TODAY,
        )
    worker.refresh_from_db()
    assert worker.status == "unemployed"  # a rejection does not re-employ
    # the database refuses a certificate without completion, and an outcome without a date
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingEnrolment.objects.filter(pk=row.pk).update(certificate_obtained=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobReferral.objects.filter(pk=referral.pk).update(outcome_on=None)


def test_one_registration_per_person_and_id_checked(cast):
    with acting(cast.chair_a):
        jobless.register_worker(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会某",
            id_number=(pid := person_id()),
            status="unemployed",
        )
        with pytest.raises(ValidationError, match="已登记"):
            jobless.register_worker(
                actor=cast.chair_a,
                org=cast.union_a,
                name="甲工会某",
                id_number=pid,
                status="unemployed",
            )
        with pytest.raises(ValidationError):
            jobless.register_worker(
                actor=cast.chair_a,
                org=cast.union_a,
                name="错号",
                id_number="110101198001010054",
                status="unemployed",
            )


def test_chair_b_sees_nothing_and_cannot_write_in_a(cast, login):
    worker = register(cast, name="甲工会失业者")
    with acting(cast.chair_a):
        training = jobless.enrol_training(
            actor=cast.chair_a,
            worker=worker,
            course=f"{MARKER_A}课程",
            provider="中心",
            start_date=TODAY,
        )
        referral = jobless.refer_job(
            actor=cast.chair_a,
            worker=worker,
            employer_name=f"{MARKER_A}单位",
            position="岗位",
            referred_on=TODAY,
        )
    b = login(cast.chair_b)
    for url in (
        f"/assistance/jobless/{worker.pk}/",
        f"/assistance/jobless/trainings/{training.pk}/",
        f"/assistance/jobless/referrals/{referral.pk}/",
        f"/assistance/jobless/{worker.pk}/nominate/",
        f"/api/v1/assistance/jobless/workers/{worker.pk}",
    ):
        assert b.get(url).status_code == 404, url
    for url in (
        "/assistance/jobless/",
        "/assistance/jobless/trainings/",
        "/assistance/jobless/referrals/",
        "/assistance/jobless/statistics/",
        "/api/v1/assistance/jobless/workers",
        "/api/v1/assistance/jobless/trainings",
        "/api/v1/assistance/jobless/referrals",
    ):
        assert MARKER_A not in b.get(url).content.decode(), url
    assert b.get(f"/assistance/jobless/statistics/?org={cast.union_a.code}").status_code == 404
    assert (
        b.get(f"/api/v1/assistance/jobless/statistics?org={cast.union_a.code}").status_code == 404
    )
    with acting(cast.chair_b), pytest.raises(PermissionDenied):
        jobless.register_worker(
            actor=cast.chair_b,
            org=cast.union_a,
            name="x",
            id_number=person_id(),
            status="unemployed",
        )
    # a member-level user may not even look
    assert login(cast.member_user).get("/assistance/jobless/").status_code == 403


# --- relief through the programme machinery ------------------------------------------------------


def test_relief_goes_through_cycle_budget_and_ledger(cast):
    worker = register(cast, bank_account="6222020200007777")
    cycle = worker_cycle(cast, budget="1500")
    entitlement = nominate(cast, cycle, worker, amount="1000")
    assert (entitlement.worker, entitlement.file, entitlement.org) == (worker, None, cast.union_a)
    assert entitlement.beneficiary_name == worker.name
    with pytest.raises(ValidationError, match="每批次每人只能享受一次"):
        nominate(cast, cycle, worker, amount="200")
    assert len(approve(cast, cycle)) == 1
    budget = Budget.objects.get(cycle=cycle)
    assert budget.used == Decimal("1000")
    with acting(cast.staff_a):
        payment = programmes.record_payment(
            actor=cast.staff_a,
            entitlement=entitlement,
            method="bank",
            paid_on=TODAY,
            idempotency_key="w-1",
        )
        again = programmes.record_payment(
            actor=cast.staff_a,
            entitlement=entitlement,
            method="bank",
            paid_on=TODAY,
            idempotency_key="w-1",
        )
        assert again.pk == payment.pk
        with pytest.raises(ValidationError, match="不能重复发放"):
            programmes.record_payment(
                actor=cast.staff_a,
                entitlement=entitlement,
                method="cash",
                paid_on=TODAY,
                idempotency_key="w-2",
            )
    with pytest.raises(PermissionError):
        payment.save()
    with acting(cast.chair_a):
        reversal = programmes.reverse_payment(
            actor=cast.chair_a, payment=payment, reason="账号错误", idempotency_key="w-r"
        )
    assert reversal.amount == Decimal("-1000")
    assert Payment.objects.filter(entitlement=entitlement).count() == 2
    # the budget is never overdrawn: a second worker over the remaining 500 is refused whole
    other = register(cast, name=f"{MARKER_A}下岗职工", status="laid_off")
    cycle2 = worker_cycle(cast, budget="500")
    nominate(cast, cycle2, other, amount="600")
    with pytest.raises(ValidationError, match="预算不足"):
        approve(cast, cycle2)
    assert Budget.objects.get(cycle=cycle2).used == 0


def test_bank_transfer_needs_the_workers_own_account(cast):
    worker = register(cast)
    cycle = worker_cycle(cast)
    entitlement = nominate(cast, cycle, worker)
    approve(cast, cycle)
    with acting(cast.staff_a), pytest.raises(ValidationError, match="银行账号"):
        programmes.record_payment(
            actor=cast.staff_a,
            entitlement=entitlement,
            method="bank",
            paid_on=TODAY,
            idempotency_key="b-1",
        )


def test_programme_kinds_keep_households_and_workers_apart(cast):
    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "filed")
    worker = register(cast)
    relief = worker_cycle(cast, "jobless")
    warmth = worker_cycle(cast, "warmth")
    with acting(cast.chair_a):
        with pytest.raises(ValidationError, match="下岗失业职工"):
            programmes.nominate(actor=cast.chair_a, cycle=relief, file=file)
        with pytest.raises(ValidationError, match="困难职工家庭"):
            programmes.nominate_worker(actor=cast.chair_a, cycle=warmth, worker=worker, amount="1")
    # the database refuses an entitlement with two beneficiaries or none
    e = nominate(cast, relief, worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entitlement.objects.filter(pk=e.pk).update(file=file)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entitlement.objects.filter(pk=e.pk).update(worker=None)


def test_reemployed_worker_gets_no_relief(cast):
    worker = register(cast)
    with acting(cast.chair_a):
        jobless.record_reemployment(
            actor=cast.chair_a, worker=worker, reemployed_on=TODAY, employer="某厂"
        )
    with pytest.raises(ValidationError, match="已再就业"):
        nominate(cast, worker_cycle(cast), worker)


def test_nominate_worker_from_the_cycle_page_by_id_number(cast, login):
    worker = register(cast)
    cycle = worker_cycle(cast)
    client = login(cast.chair_a)
    page = client.get(f"/assistance/cycles/{cycle.pk}/nominate/").content.decode()
    assert "worker_id_number" in page and "file_number" not in page
    wrong = client.post(
        f"/assistance/cycles/{cycle.pk}/nominate/", {"worker_id_number": person_id()}
    )
    assert "找不到登记的该职工" in wrong.content.decode()
    client.post(
        f"/assistance/cycles/{cycle.pk}/nominate/",
        {"worker_id_number": worker.id_number, "amount": "800"},
    )
    entitlement = Entitlement.objects.get(cycle=cycle)
    assert entitlement.worker == worker and entitlement.amount == Decimal("800")
    detail = client.get(f"/assistance/cycles/{cycle.pk}/").content.decode()
    assert f"/assistance/jobless/{worker.pk}/" in detail
    # chair B cannot put union A's worker on the list
    b = login(cast.chair_b)
    b.post(
        f"/assistance/cycles/{cycle.pk}/nominate/",
        {"worker_id_number": worker.id_number, "amount": "1"},
    )
    assert Entitlement.objects.filter(cycle=cycle).count() == 1


def test_startup_support_applied_decided_and_paid_through_a_startup_cycle(cast, login):
    worker = register(cast, bank_account="6222020200008888")
    client = login(cast.chair_a)
    url = f"/assistance/jobless/{worker.pk}/startup/add/"
    missing = client.post(
        url,
        {
            "kind": "loan_subsidy",
            "business_name": "早点铺",
            "amount": "1200",
            "applied_on": TODAY.isoformat(),
        },
    )
    assert "贷款贴息需填写贷款银行" in missing.content.decode()
    client.post(
        url,
        {
            "kind": "loan_subsidy",
            "business_name": "早点铺",
            "amount": "1200",
            "applied_on": TODAY.isoformat(),
            "lender": "农商银行",
            "loan_amount": "100000",
            "loan_start": TODAY.isoformat(),
            "loan_months": "24",
        },
    )
    support = StartupSupport.objects.get()
    assert (support.kind, support.loan_amount, support.status) == (
        "loan_subsidy",
        Decimal("100000"),
        "applied",
    )
    # the recorder cannot decide (and chair A lacks the permission anyway)
    assert (
        client.post(
            f"/assistance/jobless/startup/{support.pk}/",
            {"decision": "approve", "decided_on": TODAY.isoformat()},
        ).status_code
        == 403
    )
    reviewer = login(cast.reviewer)
    reviewer.post(
        f"/assistance/jobless/startup/{support.pk}/",
        {"decision": "approve", "decided_on": TODAY.isoformat()},
    )
    support.refresh_from_db()
    assert support.status == "approved"
    startup_cycle = worker_cycle(cast, "startup", budget="5000")
    relief_cycle = worker_cycle(cast, "jobless")
    page = client.get(f"/assistance/jobless/{worker.pk}/nominate/?startup={support.pk}")
    assert startup_cycle.name in page.content.decode()
    assert relief_cycle.name not in page.content.decode()
    client.post(
        f"/assistance/jobless/{worker.pk}/nominate/?startup={support.pk}",
        {"cycle": startup_cycle.pk, "amount": "99999"},
    )
    support.refresh_from_db()
    entitlement = support.entitlement
    assert entitlement.amount == Decimal("1200")  # the approved amount, not the typed one
    assert entitlement.cycle == startup_cycle and entitlement.worker == worker
    # the basis is the support's kind and business, worded in the viewer's language
    assert entitlement.rule == {"kind": "startup", "support": "loan_subsidy", "business": "早点铺"}
    cycle_url = f"/assistance/cycles/{startup_cycle.pk}/"
    assert "创业担保贷款贴息：早点铺" in client.get(cycle_url).content.decode()
    with translation.override("en"):  # the request's language must not outlive it
        english = client.get(cycle_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "创业担保贷款贴息" not in english and "早点铺" in english
    with acting(cast.chair_a), pytest.raises(ValidationError, match="已列入发放名单"):
        programmes.nominate_worker(
            actor=cast.chair_a, cycle=startup_cycle, worker=worker, amount=None, startup=support
        )
    approve(cast, startup_cycle)
    assert Budget.objects.get(cycle=startup_cycle).used == Decimal("1200")


# --- statistics ----------------------------------------------------------------------------------


def test_statistics_by_org_subtree_on_page_and_api(cast, login):
    a1 = register(cast, status="laid_off")
    a2 = register(cast, name=f"{MARKER_A}二号")
    register(cast, org=cast.union_b, name="乙失业者")
    with acting(cast.district_admin):
        # a worker registered at the other street
        jobless.register_worker(
            actor=cast.district_admin,
            org=cast.other_street,
            name="丙",
            id_number=person_id(),
            status="unemployed",
        )
    with acting(cast.chair_a):
        jobless.enrol_training(
            actor=cast.chair_a, worker=a1, course="c", provider="p", start_date=TODAY
        )
        jobless.enrol_training(
            actor=cast.chair_a, worker=a1, course="c2", provider="p", start_date=TODAY
        )
        jobless.refer_job(
            actor=cast.chair_a, worker=a2, employer_name="e", position="p", referred_on=TODAY
        )
        jobless.record_reemployment(
            actor=cast.chair_a, worker=a2, reemployed_on=TODAY, employer="e"
        )
    with acting(cast.district_admin):
        stats = jobless.statistics(cast.district)
        street = jobless.statistics(cast.street)
    assert stats["total"] == {
        "registered": 4,
        "laid_off": 1,
        "unemployed": 2,
        "in_training": 1,
        "referred": 1,
        "reemployed": 1,
    }
    rows = {r["code"]: r for r in stats["by_org"]}
    assert set(rows) == {"S1", "S2"}
    assert (rows["S1"]["registered"], rows["S1"]["in_training"]) == (3, 1)
    rows = {r["code"]: r["registered"] for r in street["by_org"]}
    assert rows == {"A": 2, "B": 1}

    admin = login(cast.district_admin)
    page = admin.get("/assistance/jobless/statistics/?org=S1").content.decode()
    assert 'id="jobless-total">3<' in page and "乙公司工会" in page
    api = admin.get("/api/v1/assistance/jobless/statistics?org=S1").json()
    assert api["total"]["registered"] == 3 and api["total"]["reemployed"] == 1
    assert {r["code"]: r["registered"] for r in api["by_org"]} == {"A": 2, "B": 1}
    # chair A sees only union A
    mine = login(cast.chair_a).get("/api/v1/assistance/jobless/statistics").json()
    assert mine["org_code"] == "A" and mine["total"]["registered"] == 2


def test_worker_api_and_nomination_api(cast, login):
    worker = register(cast)
    with acting(cast.chair_a):
        jobless.enrol_training(
            actor=cast.chair_a, worker=worker, course="面点", provider="中心", start_date=TODAY
        )
    cycle = worker_cycle(cast)
    client = login(cast.chair_a)
    detail = client.get(f"/api/v1/assistance/jobless/workers/{worker.pk}")
    body = detail.json()
    assert body["trainings"][0]["course"] == "面点"
    assert worker.id_number not in detail.content.decode()
    created = client.post(
        f"/api/v1/assistance/jobless/workers/{worker.pk}/entitlements",
        data={"cycle_id": cycle.pk, "amount": "700"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["worker_id"] == worker.pk
    twice = client.post(
        f"/api/v1/assistance/jobless/workers/{worker.pk}/entitlements",
        data={"cycle_id": cycle.pk, "amount": "700"},
        content_type="application/json",
    )
    assert twice.status_code == 422
    bad = client.post(
        f"/api/v1/assistance/jobless/workers/{worker.pk}/entitlements",
        data={"cycle_id": cycle.pk, "amount": "-5"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    listing = client.get("/api/v1/assistance/jobless/workers?status=unemployed").json()
    assert listing["count"] == 1
