from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.assistance import policy, services
from gonghui.assistance.enums import Category
from gonghui.core import config
from tests.conftest import acting

from .helpers import draft_file, set_dibao

pytestmark = pytest.mark.django_db


def classify(net, size=2, dibao="1000", accident=False):
    return policy.classify(
        incomes=[Decimal(net)],
        other_incomes=[],
        costs=[],
        size=size,
        dibao=Decimal(dibao),
        accident=accident,
    )


@pytest.mark.parametrize(
    ("net", "expected"),
    [
        ("1999.98", Category.DEEP),  # 999.99 per head: below 1 × 低保
        ("2000", Category.RELATIVE),  # exactly 1 × 低保: not below it
        ("3999.98", Category.RELATIVE),  # just below 2 ×
        ("4000", Category.NOT_ELIGIBLE),  # exactly 2 × 低保
    ],
)
def test_category_boundaries_at_one_and_two_times_dibao(net, expected):
    assert classify(net).category == expected


def test_accident_uses_three_times_line_only_for_accident_causes():
    assert classify("5999.98", accident=True).category == Category.ACCIDENT
    assert classify("6000", accident=True).category == Category.NOT_ELIGIBLE
    assert classify("5999.98", accident=False).category == Category.NOT_ELIGIBLE


def test_arithmetic_is_shown_step_by_step():
    outcome = policy.classify(
        incomes=[Decimal("3000")],
        other_incomes=[Decimal("300")],
        costs=[Decimal("600")],
        size=3,
        dibao=Decimal("1000"),
        accident=False,
    )
    assert "人均月收入 ¥900.00 = （¥3,300.00 − ¥600.00）÷ 3" in outcome.text
    assert outcome.category == Category.DEEP
    assert "困难类别倍数：深度困难 1×、相对困难 2×、意外致困 3×（默认）" in outcome.text


def test_changed_multiples_are_a_new_version_shown_on_the_file(cast):
    set_dibao(cast)
    file = draft_file(cast, income="2400", size=2)  # 1200 per head
    assert file.category == Category.RELATIVE
    config.set_value(
        actor=cast.district_admin,
        key="assistance.category_multiples",
        value={"deep": "1.5", "relative": "2", "accident": "3"},
    )
    with acting(cast.chair_a):
        services.recalculate(file)
    file.refresh_from_db()
    assert file.category == Category.DEEP
    row = config.current_row("assistance.category_multiples")
    assert f"类别倍数 v{row.id}" in file.rule_version


def test_nearest_area_dibao_is_used(cast):
    set_dibao(cast, "1000")
    set_dibao(cast, "1200", org=cast.street)
    file = draft_file(cast, income="2300", size=2)  # 1150: deep with 1200, relative with 1000
    assert file.category == Category.DEEP
    assert file.dibao_amount == Decimal("1200.00")


def test_missing_dibao_leaves_category_unknown_and_blocks_submission(cast):
    file = draft_file(cast)
    assert file.category == ""
    with acting(cast.chair_a), pytest.raises(ValidationError, match="困难类别"):
        services.submit_file(actor=cast.chair_a, file=file)


def test_costs_and_other_incomes_count(cast):
    set_dibao(cast, "1000")
    file = draft_file(cast, income="2500", size=2)  # 1250 → relative
    with acting(cast.chair_a):
        services.add_cost(actor=cast.chair_a, file=file, kind="medical", monthly_amount="600")
    file.refresh_from_db()
    assert file.category == Category.DEEP  # (2500 − 600) / 2 = 950
    with acting(cast.chair_a):
        services.add_income(actor=cast.chair_a, file=file, kind="pension", monthly_amount="100")
    file.refresh_from_db()
    assert file.category == Category.RELATIVE  # 1000 exactly: not below 1 ×


def test_exclusions_fire_and_block_filing_until_overridden(cast):
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.chair_a):
        services.add_declaration(actor=cast.chair_a, file=file, kind="home", count=2)
        services.add_declaration(actor=cast.chair_a, file=file, kind="vehicle", count=1)
    file.refresh_from_db()
    assert file.exclusions == ["max_homes", "private_car"]
    assert "排除规则触发：拥有两套及以上住房" in file.eligibility_text
    from .helpers import to_state

    file = to_state(cast, file, "notice")
    with acting(cast.district_admin), pytest.raises(ValidationError, match="私家车"):
        services.approve_file(actor=cast.district_admin, file=file)
    with acting(cast.reviewer):
        services.override_exclusion(
            actor=cast.reviewer, file=file, rule="max_homes", reason="第二套为父母名下危房，已核实"
        )
        services.override_exclusion(
            actor=cast.reviewer, file=file, rule="private_car", reason="残疾人代步车"
        )
    with acting(cast.district_admin):
        services.approve_file(actor=cast.district_admin, file=file)
    from gonghui.core.models import AuditEvent

    assert AuditEvent.unscoped.filter(action="assistance.exclusion.override").count() == 2


def test_one_home_does_not_exclude(cast):
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.chair_a):
        services.add_declaration(actor=cast.chair_a, file=file, kind="home", count=1)
    file.refresh_from_db()
    assert file.exclusions == []


def test_override_needs_reason(cast):
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.chair_a):
        services.add_declaration(actor=cast.chair_a, file=file, kind="business")
    file.refresh_from_db()
    with acting(cast.reviewer), pytest.raises(ValidationError):
        services.override_exclusion(actor=cast.reviewer, file=file, rule="business", reason=" ")
