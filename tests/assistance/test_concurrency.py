"""Concurrency guarantees, proven on PostgreSQL (real row locks and concurrent transactions)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.assistance import programmes
from gonghui.assistance.models import Budget, Entitlement, Payment
from tests.conftest import acting

from .helpers import TODAY, draft_file, make_member, set_dibao, to_state

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")


def _run(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def _cycle(cast, budget):
    with acting(cast.district_admin):
        programme = programmes.create_programme(
            actor=cast.district_admin, org=cast.district, kind="warmth", name="送温暖"
        )
        cycle = programmes.open_cycle(
            actor=cast.district_admin,
            programme=programme,
            name="送温暖",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY + datetime.timedelta(days=9),
        )
        programmes.set_budget(
            actor=cast.district_admin,
            cycle=cycle,
            org=cast.district,
            fund_source="union",
            amount=budget,
        )
    return cycle


def test_fifty_concurrent_payments_make_exactly_one(cast):
    set_dibao(cast)
    cycle = _cycle(cast, "10000")
    file = to_state(cast, draft_file(cast), "filed")
    with acting(cast.chair_a):
        entitlement = programmes.nominate(actor=cast.chair_a, cycle=cycle, file=file)
    with acting(cast.reviewer):
        programmes.approve_list(actor=cast.reviewer, cycle=cycle)

    def attempt(i):
        with acting(cast.staff_a):
            return programmes.record_payment(
                actor=cast.staff_a,
                entitlement=entitlement,
                method="cash",
                paid_on=TODAY,
                idempotency_key=f"attempt-{i}",
            )

    results, errors = _run(50, attempt)
    assert Payment.objects.filter(entitlement=entitlement).count() == 1
    assert len(results) == 1
    assert len(errors) == 49 and all(isinstance(e, ValidationError) for e in errors)


def test_concurrent_approvals_never_overdraw_the_budget(cast):
    set_dibao(cast)
    cycle = _cycle(cast, "6000")  # room for two of the households (2,500 cash + 500 goods)
    orgs = []
    for i in range(4):
        with acting(cast.district_admin):
            from gonghui.orgs.services import create_org

            org = create_org(
                actor=cast.district_admin,
                parent=cast.union_a,
                kind="group",
                code=f"C{i}",
                name=f"甲工会并发小组{i}",
            )
        file = to_state(cast, draft_file(cast, member=make_member(org)), "filed")
        with acting(cast.street_admin):
            programmes.nominate(actor=cast.street_admin, cycle=cycle, file=file)
        orgs.append(org)

    def attempt(i):
        with acting(cast.reviewer):
            return programmes.approve_list(actor=cast.reviewer, cycle=cycle, org=orgs[i])

    results, errors = _run(4, attempt)
    budget = Budget.objects.get(cycle=cycle)
    approved = Entitlement.objects.filter(cycle=cycle, status="approved").count()
    assert budget.used == Decimal("3000") * approved
    assert budget.used <= budget.amount
    assert (len(results), len(errors)) == (2, 2)
    assert approved == 2


def test_database_refuses_to_edit_or_delete_a_payment(cast):
    from django.db import DatabaseError, transaction

    set_dibao(cast)
    cycle = _cycle(cast, "10000")
    file = to_state(cast, draft_file(cast), "filed")
    with acting(cast.chair_a):
        entitlement = programmes.nominate(actor=cast.chair_a, cycle=cycle, file=file)
    with acting(cast.reviewer):
        programmes.approve_list(actor=cast.reviewer, cycle=cycle)
    with acting(cast.staff_a):
        payment = programmes.record_payment(
            actor=cast.staff_a,
            entitlement=entitlement,
            method="cash",
            paid_on=TODAY,
            idempotency_key="db-guard",
        )
    for sql in (
        "UPDATE assistance_payment SET amount = 1 WHERE id = %s",
        "DELETE FROM assistance_payment WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [payment.pk])
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("2500.00")
