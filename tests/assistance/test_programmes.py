import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.assistance import programmes, services
from gonghui.assistance.enums import FlagKind, PaymentKind
from gonghui.assistance.models import Budget, ExternalAid, Payment
from tests.conftest import acting

from .helpers import TODAY, draft_file, person_id, set_dibao, to_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def dibao(cast):
    return set_dibao(cast, "1000")


def make_cycle(cast, kind="warmth", budget="10000", org=None):
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
            org=org or cast.district,
            fund_source="union",
            amount=budget,
        )
    return cycle


def filed(cast, **kw):
    return to_state(cast, draft_file(cast, **kw), "filed")


def nominate(cast, cycle, file, **kw):
    with acting(cast.chair_a):
        return programmes.nominate(actor=cast.chair_a, cycle=cycle, file=file, **kw)


def approve(cast, cycle, **kw):
    with acting(cast.reviewer):
        return programmes.approve_list(actor=cast.reviewer, cycle=cycle, **kw)


def pay(cast, entitlement, key="k1", method="bank"):
    with acting(cast.staff_a):
        return programmes.record_payment(
            actor=cast.staff_a,
            entitlement=entitlement,
            method=method,
            paid_on=TODAY,
            idempotency_key=key,
        )


def test_warmth_defaults_and_budget_debited_on_approval(cast, dibao):
    cycle = make_cycle(cast)
    entitlement = nominate(cast, cycle, filed(cast))
    assert (entitlement.amount, entitlement.goods_value) == (Decimal("2500"), Decimal("500"))
    assert len(approve(cast, cycle)) == 1
    budget = Budget.objects.get(cycle=cycle)
    assert budget.used == Decimal("3000.00")  # the goods count at their value (#15.12)
    cycle.refresh_from_db()
    assert cycle.status == "open"  # the first approval does not close the cycle (#15.11)


def test_one_entitlement_per_beneficiary_per_cycle(cast, dibao):
    cycle = make_cycle(cast)
    file = filed(cast)
    nominate(cast, cycle, file)
    with pytest.raises(ValidationError, match="已在本批次"):
        nominate(cast, cycle, file)


def test_only_filed_households_can_be_nominated(cast, dibao):
    cycle = make_cycle(cast)
    with pytest.raises(ValidationError, match="已建档"):
        nominate(cast, cycle, draft_file(cast))


def test_overdraw_refuses_only_the_households_beyond_the_budget(cast, dibao):
    cycle = make_cycle(cast, budget="4000")  # room for one 送温暖 (2,500 cash + 500 goods)
    first = nominate(cast, cycle, filed(cast))
    second = nominate(cast, cycle, filed(cast))
    result = approve(cast, cycle)
    assert [e.pk for e in result.approved] == [first.pk]
    assert [(e.pk, m) for e, m in result.refused] == [
        (second.pk, "预算不足：测试区总工会 工会经费 剩余 ¥1,000.00，本次需要 ¥3,000.00")
    ]
    assert Budget.objects.get(cycle=cycle).used == Decimal("3000.00")
    with pytest.raises(ValidationError, match="预算不足"):
        approve(cast, cycle)


def test_database_refuses_an_overdrawn_budget(cast, dibao):
    cycle = make_cycle(cast, budget="100")
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(cycle=cycle).update(used=Decimal("100.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(cycle=cycle).update(used=Decimal("-1"))


def test_nominator_cannot_approve_the_list(cast, dibao):
    cycle = make_cycle(cast)
    file = filed(cast)
    with acting(cast.district_admin):
        programmes.nominate(actor=cast.district_admin, cycle=cycle, file=file)
    with acting(cast.district_admin), pytest.raises(PermissionDenied, match="四眼"):
        programmes.approve_list(actor=cast.district_admin, cycle=cycle)


def test_chair_cannot_approve_the_list(cast, dibao):
    cycle = make_cycle(cast)
    nominate(cast, cycle, filed(cast))
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        programmes.approve_list(actor=cast.chair_a, cycle=cycle)


def test_payment_is_idempotent_and_once_per_cycle(cast, dibao):
    cycle = make_cycle(cast)
    entitlement = nominate(cast, cycle, filed(cast))
    with pytest.raises(ValidationError, match="未审批"):
        pay(cast, entitlement)
    approve(cast, cycle)
    first = pay(cast, entitlement, "key-1")
    assert pay(cast, entitlement, "key-1") == first
    with pytest.raises(ValidationError, match="已发放"):
        pay(cast, entitlement, "key-2")
    assert Payment.objects.count() == 1


def test_payments_are_never_edited_or_deleted_but_reversed(cast, dibao):
    cycle = make_cycle(cast)
    entitlement = nominate(cast, cycle, filed(cast))
    approve(cast, cycle)
    payment = pay(cast, entitlement)
    with pytest.raises(PermissionError):
        payment.note = "x"
        payment.save()
    with pytest.raises(PermissionError):
        payment.delete()
    with pytest.raises(PermissionError):
        Payment.objects.filter(pk=payment.pk).update(amount=1)
    with pytest.raises(PermissionError):
        Payment.objects.all().delete()
    with acting(cast.chair_a):
        reversal = programmes.reverse_payment(
            actor=cast.chair_a, payment=payment, reason="账号错误", idempotency_key="rev-1"
        )
        with pytest.raises(ValidationError, match="已冲正"):
            programmes.reverse_payment(
                actor=cast.chair_a, payment=payment, reason="再次", idempotency_key="rev-2"
            )
    assert reversal.kind == PaymentKind.REVERSAL and reversal.amount == Decimal("-2500.00")
    second = pay(cast, entitlement, "key-after-reversal")
    assert second.attempt == 2
    assert programmes.paid_total(cycle) == Decimal("2500.00")


def test_living_aid_over_yearly_cap_is_flagged_and_blocks_approval(cast, dibao):
    cycle = make_cycle(cast, kind="living", budget="50000")
    file = filed(cast)
    entitlement = nominate(cast, cycle, file, amount="12000.01")  # cap 12 × 1000
    flag = entitlement.flags.get(kind=FlagKind.OVER_CAP)
    assert "12 × 低保 ¥1,000.00" in flag.shown_detail
    with pytest.raises(ValidationError, match="异常提示"):
        approve(cast, cycle)
    with acting(cast.reviewer):
        services.override_flag(actor=cast.reviewer, flag=flag, reason="重大灾害，经集体研究")
    assert len(approve(cast, cycle)) == 1


def test_living_aid_at_cap_is_not_flagged(cast, dibao):
    cycle = make_cycle(cast, kind="living", budget="50000")
    entitlement = nominate(cast, cycle, filed(cast), amount="12000")
    assert not entitlement.flags.exists()


def test_medical_aid_capped_at_own_share(cast, dibao):
    cycle = make_cycle(cast, kind="medical")
    file = filed(cast)
    with pytest.raises(ValidationError, match="自付"):
        nominate(cast, cycle, file, amount="3000.01", own_share="3000")
    assert nominate(cast, cycle, file, amount="3000", own_share="3000").amount == Decimal("3000")


def test_student_funded_elsewhere_is_flagged(cast, dibao):
    cycle = make_cycle(cast, kind="education")
    file = draft_file(cast)
    student_id = person_id(datetime.date(2006, 3, 1))
    with acting(cast.chair_a):
        student = services.add_household_member(
            actor=cast.chair_a,
            file=file,
            name="李小明",
            relationship="child",
            id_number=student_id,
            schooling="university",
            school_name="某大学",
            employment="student",
        )
    file = to_state(cast, file, "filed")
    ExternalAid.objects.create(
        org=cast.district,
        person_name="李小明",
        id_number=student_id,
        year=TODAY.year,
        source="民政助学金",
        amount="4000",
    )
    entitlement = nominate(cast, cycle, file, student=student)
    assert entitlement.amount == Decimal("5000")
    assert "民政助学金" in entitlement.flags.get(kind=FlagKind.STUDENT_FUNDED).shown_detail
    with acting(cast.reviewer):
        programmes.exclude_entitlement(
            actor=cast.reviewer, entitlement=entitlement, reason="已获民政资助"
        )
    with pytest.raises(ValidationError, match="没有待审批"):
        approve(cast, cycle)


def test_union_cannot_open_cycles_of_a_district_programme(cast, dibao):
    cycle = make_cycle(cast)
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        programmes.open_cycle(
            actor=cast.chair_a,
            programme=cycle.programme,
            name="x",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY,
        )


def test_a_union_cannot_give_itself_a_budget_in_the_district_cycle(cast, dibao):
    """Budgets in a cycle are the organiser's to allocate: a union admin who set one for its own
    union would be charged against it instead of the district's allocation, to any amount."""
    cycle = make_cycle(cast, budget="1000")
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        programmes.set_budget(
            actor=cast.chair_a, cycle=cycle, org=cast.union_a, fund_source="union", amount="999999"
        )
    assert not Budget.unscoped.filter(cycle=cycle, org=cast.union_a).exists()
    assert programmes.budget_for(cycle, cast.union_a).org == cast.district
    with acting(cast.district_admin):  # the organiser allocates to the union
        programmes.set_budget(
            actor=cast.district_admin,
            cycle=cycle,
            org=cast.union_a,
            fund_source="union",
            amount="600",
        )
    assert programmes.budget_for(cycle, cast.union_a).amount == Decimal("600")


def test_the_cycle_page_offers_budgets_only_to_the_organiser(cast, login, dibao):
    cycle = make_cycle(cast)
    url = f"/assistance/cycles/{cycle.pk}/"
    assert "设置预算" in login(cast.district_admin).get(url).content.decode()
    page = login(cast.chair_a).get(url)
    assert page.status_code == 200 and "设置预算" not in page.content.decode()
    refused = login(cast.chair_a).post(
        f"/assistance/cycles/{cycle.pk}/budget/",
        {"org_code": cast.union_a.code, "fund_source": "union", "amount": "5000"},
    )
    assert refused.status_code == 403
    assert not Budget.unscoped.filter(cycle=cycle, org=cast.union_a).exists()
