"""Aid that can be trusted (#15): approval per household, four eyes on payments, duplicate
aid across programmes and outside aid, 送温暖 sign-off, and TRUNCATE refused on payments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from gonghui.assistance import programmes
from gonghui.assistance.enums import FlagKind
from gonghui.assistance.models import Budget, Entitlement, Payment
from tests.conftest import acting

from .helpers import TODAY, civil_affairs_grant, draft_file, person_id, set_dibao, to_state
from .test_programmes import approve, make_cycle, nominate


@pytest.fixture
def dibao(cast):
    return set_dibao(cast)


def filed(cast, **kw):
    return to_state(cast, draft_file(cast, **kw), "filed")


def test_twelve_households_with_budget_for_ten(cast, dibao):
    """#15.11: 10 approved, 2 refused with the reason; the cycle stays open until closed."""
    cycle = make_cycle(cast, kind="emergency", budget="10000")
    rows = [nominate(cast, cycle, filed(cast), amount="1000") for _ in range(12)]
    result = approve(cast, cycle)
    assert [e.pk for e in result.approved] == [e.pk for e in rows[:10]]
    assert [m for _e, m in result.refused] == [
        "预算不足：测试区总工会 工会经费 剩余 ¥0.00，本次需要 ¥1,000.00"
    ] * 2
    assert Budget.objects.get(cycle=cycle).used == Decimal("10000.00")
    cycle.refresh_from_db()
    assert cycle.status == "open"
    with acting(cast.reviewer):
        programmes.close_cycle(actor=cast.reviewer, cycle=cycle)
    cycle.refresh_from_db()
    assert (cycle.status, cycle.closed_by) == ("closed", cast.reviewer)
    with pytest.raises(ValidationError, match="已结束"):
        nominate(cast, cycle, filed(cast), amount="1000")


def test_approve_a_selection(cast, dibao):
    cycle = make_cycle(cast, kind="emergency", budget="10000")
    a = nominate(cast, cycle, filed(cast), amount="1000")
    b = nominate(cast, cycle, filed(cast), amount="1000")
    result = approve(cast, cycle, entitlement_ids=[b.pk])
    assert [e.pk for e in result.approved] == [b.pk]
    assert Entitlement.objects.get(pk=a.pk).status == "proposed"


def _paid(cast, kind="emergency"):
    cycle = make_cycle(cast, kind=kind, budget="10000")
    entitlement = nominate(cast, cycle, filed(cast), amount="1000")
    approve(cast, cycle)
    with acting(cast.chair_a):
        payment = programmes.record_payment(
            actor=cast.chair_a,
            entitlement=entitlement,
            method="cash",
            paid_on=TODAY,
            idempotency_key="p-1",
        )
    return entitlement, payment


def test_one_chair_cannot_record_reverse_and_repay_alone(cast, dibao):
    """#15.8: the recorder does not confirm nor reverse; the reverser does not re-pay."""
    entitlement, payment = _paid(cast)
    with acting(cast.chair_a):
        with pytest.raises(PermissionDenied, match="复核自己"):
            programmes.confirm_payment(actor=cast.chair_a, payment=payment)
        with pytest.raises(PermissionDenied, match="冲正自己"):
            programmes.reverse_payment(
                actor=cast.chair_a, payment=payment, reason="错", idempotency_key="r-1"
            )
    with acting(cast.staff_a):
        confirmation = programmes.confirm_payment(actor=cast.staff_a, payment=payment)
    assert confirmation.confirmed_by == cast.staff_a
    with acting(cast.street_admin):
        programmes.reverse_payment(
            actor=cast.street_admin, payment=payment, reason="账号错误", idempotency_key="r-1"
        )
        with pytest.raises(PermissionDenied, match="冲正人"):
            programmes.record_payment(
                actor=cast.street_admin,
                entitlement=entitlement,
                method="cash",
                paid_on=TODAY,
                idempotency_key="p-2",
            )
    assert Payment.objects.filter(entitlement=entitlement).count() == 2


def test_confirmation_threshold_is_a_district_setting(cast, dibao):
    from gonghui.core import config

    with acting(cast.district_admin):
        config.set_value(
            actor=cast.district_admin, key="assistance.payment_confirm_above", value=Decimal("5000")
        )
    _entitlement, payment = _paid(cast)
    assert programmes.needs_confirmation(payment) is False
    with acting(cast.staff_a), pytest.raises(ValidationError, match="无需复核"):
        programmes.confirm_payment(actor=cast.staff_a, payment=payment)


def test_duplicate_aid_across_programmes_is_flagged(cast, dibao):
    """#15.10: 临时救助 and 生活救助 in the same month, a civil-affairs grant in the period,
    and the yearly total across programmes above the district cap."""
    file = filed(cast)
    emergency = make_cycle(cast, kind="emergency", budget="50000")
    living = make_cycle(cast, kind="living", budget="50000")
    first = nominate(cast, emergency, file, amount="9000")
    assert not first.flags.exists()
    member = file.household.get(relationship="self")
    civil_affairs_grant(cast, member)
    second = nominate(cast, living, file, amount="9000")
    details = sorted((f.kind, f.shown_detail) for f in second.flags.all())
    assert details == [
        (
            FlagKind.CROSS_CAP,
            f"本户 {TODAY.year} 年各项目及外部救助合计 ¥21,000.00 超过年度上限 ¥20,000.00"
            "（跨项目年度救助上限（元/户） = 20,000（默认））",
        ),
        (
            FlagKind.OVERLAP,
            f"同期已获 临时救助「{TODAY.year} emergency」（{TODAY:%Y-%m-%d}—"
            f"{TODAY + datetime.timedelta(days=30):%Y-%m-%d}，甲工会（甲公司工会），¥9,000.00）",
        ),
        (
            FlagKind.OVERLAP,
            f"{member.name} 同期已获外部救助：民政临时救助 ¥3,000.00（{TODAY:%Y-%m-%d}）",
        ),
    ]
    with pytest.raises(ValidationError, match="异常提示"):
        approve(cast, living)


def test_same_bank_account_for_a_registered_worker_and_another_household(cast, dibao):
    from gonghui.assistance import jobless

    file = filed(cast, bank="6222020200001234567")
    with acting(cast.chair_a):
        worker = jobless.register_worker(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会失业职工",
            id_number=person_id(datetime.date(1975, 2, 3)),
            status="unemployed",
        )
    worker.bank_account = "6222020200001234567"
    worker.save()
    cycle = make_cycle(cast, kind="jobless", budget="10000")
    with acting(cast.chair_a):
        entitlement = programmes.nominate_worker(
            actor=cast.chair_a, cycle=cycle, worker=worker, amount="800"
        )
    assert [(f.kind, f.shown_detail) for f in entitlement.flags.all()] == [
        (
            FlagKind.SHARED_BANK,
            f"收款银行账户与另一户（档案 {file.number}，甲工会（甲公司工会））相同",
        )
    ]


def test_warmth_signoff_is_checked_and_immutable(cast, dibao):
    """#15.12: not before the visit, not on an excluded entitlement, not changed by a later
    post; a correction is its own audited act by another person."""
    cycle = make_cycle(cast)
    entitlement = nominate(cast, cycle, filed(cast))
    other = nominate(cast, cycle, filed(cast))
    with acting(cast.reviewer):
        programmes.exclude_entitlement(actor=cast.reviewer, entitlement=other, reason="重复")
    approve(cast, cycle)
    visit = TODAY - datetime.timedelta(days=2)
    with acting(cast.chair_a):
        with pytest.raises(ValidationError, match="已审批"):
            programmes.record_warmth_visit(
                actor=cast.chair_a, entitlement=other, visited_on=visit, visitors="陈静"
            )
        with pytest.raises(ValidationError, match="早于走访"):
            programmes.record_warmth_visit(
                actor=cast.chair_a,
                entitlement=entitlement,
                visited_on=visit,
                visitors="陈静",
                signed_off_on=visit - datetime.timedelta(days=1),
            )
        programmes.record_warmth_visit(
            actor=cast.chair_a,
            entitlement=entitlement,
            visited_on=visit,
            visitors="陈静",
            signed_off_on=visit,
        )
        with pytest.raises(ValidationError, match="不能修改"):
            programmes.record_warmth_visit(
                actor=cast.chair_a, entitlement=entitlement, visited_on=visit, visitors="陈静"
            )
        with pytest.raises(PermissionDenied):
            programmes.correct_warmth_signoff(
                actor=cast.chair_a, entitlement=entitlement, signed_off_on=TODAY, reason="补"
            )
    entitlement.refresh_from_db()
    assert entitlement.signed_off_on == visit
    with acting(cast.street_admin):
        programmes.correct_warmth_signoff(
            actor=cast.street_admin, entitlement=entitlement, signed_off_on=TODAY, reason="日期笔误"
        )
    from gonghui.core.models import AuditEvent

    event = AuditEvent.unscoped.get(action="assistance.entitlement.signoff_correct")
    assert event.changes == {"signed_off_on": [visit.isoformat(), TODAY.isoformat()]}


@pytest.mark.postgres
def test_postgres_refuses_truncate_of_payments(cast, dibao):
    """#15.13: the append-only guard also refuses TRUNCATE."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    _paid(cast)
    with connection.cursor() as cursor:
        # a flush by the test runner may have switched the maintenance setting on
        cursor.execute("RESET gonghui.allow_payment_truncate")
        # the test's own deferred foreign-key checks would refuse TRUNCATE before the trigger
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="never truncated"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE assistance_payment CASCADE")
    assert Payment.objects.count() == 1


def test_spot_checks_sample_warmth_recipients_too(cast, dibao, login):
    import random

    from gonghui.assistance import services

    cycle = make_cycle(cast, budget="100000")
    rows = [nominate(cast, cycle, filed(cast)) for _ in range(4)]
    approve(cast, cycle)
    with acting(cast.reviewer):
        check = services.draw_spot_check(
            actor=cast.reviewer, org=cast.district, year=TODAY.year, rng=random.Random(7)
        )
    assert len(check.file_ids) == 2  # ceil(4 × 0.30)
    assert len(check.entitlement_ids) == 2
    assert set(check.entitlement_ids) <= {e.pk for e in rows}
    page = login(cast.reviewer).get("/assistance/spot-checks/").content.decode()
    assert "送温暖对象抽查" in page and "（未签收）" in page
