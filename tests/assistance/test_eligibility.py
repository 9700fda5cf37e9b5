import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gonghui.assistance import policy, services
from gonghui.assistance.enums import Category
from gonghui.core import config
from tests.conftest import acting

from .helpers import draft_file, set_dibao, to_state

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u3400-\u9fff]")


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
    # Kept as data (amounts, codes, the setting's version), worded in the viewer's language.
    assert {
        "step": "per_capita",
        "per_capita": "900.00",
        "income": "3300.00",
        "costs": "600.00",
        "size": 3,
    } in outcome.steps
    assert outcome.steps[-1] == {
        "step": "conclusion",
        "category": "deep",
        "multiples": {"deep": "1", "relative": "2", "accident": "3"},
        "multiples_version": None,
    }
    with translation.override("en"):
        assert "Monthly income per head ¥900.00 = (¥3,300.00 − ¥600.00) ÷ 3" in outcome.text
        assert outcome.lines[-1] == (
            "Result: Deep hardship (Hardship category multiples: Deep hardship 1×, "
            "Relative hardship 2×, Hardship by accident 3× (default))"
        )
        assert not HAN.search(outcome.text)


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
    assert file.rule_basis["multiples"] == row.id
    assert f"类别倍数 v{row.id}" in file.rule_version
    with translation.override("en"):
        assert f"Category multiples v{row.id} · exclusion rules default" in file.rule_version


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


def test_exclusions_exclude_until_a_second_district_person_confirms(cast):
    """#15.7: two homes and a private car make the household not eligible, in Chinese; it
    cannot be submitted or shown on the notice; an override needs a written reason and a
    second person at district level, and then shows on the file."""
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.chair_a):
        services.add_declaration(actor=cast.chair_a, file=file, kind="home", count=2)
        services.add_declaration(actor=cast.chair_a, file=file, kind="vehicle", count=1)
    file.refresh_from_db()
    assert file.exclusions == ["max_homes", "private_car"]
    assert file.category == "none"
    assert file.eligibility_steps[-1] == {"step": "excluded", "rules": ["max_homes", "private_car"]}
    assert file.eligibility_lines[-1] == (
        "结论：不符合条件（触发排除规则：拥有两套及以上住房、拥有私家车）"
    )
    assert file.eligibility_lines[-4].startswith("按收入测算：深度困难（困难类别倍数：")
    with translation.override("en"):
        assert file.eligibility_lines[-4].startswith("Income test: Deep hardship (")
        english = "\n".join(file.eligibility_lines)
    for record in [p.name for p in file.household.all()] + [cast.district.name]:
        english = english.replace(record, "")  # names are records, not words
    assert not HAN.search(english)
    with acting(cast.chair_a), pytest.raises(ValidationError) as refused:
        services.submit_file(actor=cast.chair_a, file=file)
    assert refused.value.messages == [
        "触发排除规则：拥有两套及以上住房、拥有私家车，不符合建档条件"
        "（须书面说明理由并经区级另一人复核放行）"
    ]
    with acting(cast.reviewer):
        with pytest.raises(ValidationError, match="书面理由"):
            services.override_exclusion(
                actor=cast.reviewer, file=file, rule="max_homes", reason=" "
            )
        homes = services.override_exclusion(
            actor=cast.reviewer, file=file, rule="max_homes", reason="第二套为父母名下危房，已核实"
        )
        car = services.override_exclusion(
            actor=cast.reviewer, file=file, rule="private_car", reason="残疾人代步车"
        )
    file.refresh_from_db()
    assert services.unresolved_exclusions(file) == ["max_homes", "private_car"]
    with acting(cast.reviewer), pytest.raises(PermissionDenied):
        services.confirm_exclusion_override(actor=cast.reviewer, override=homes)
    with acting(cast.district_admin):
        services.confirm_exclusion_override(actor=cast.district_admin, override=homes)
        with pytest.raises(ValidationError, match="已复核"):
            services.confirm_exclusion_override(actor=cast.district_admin, override=homes)
    file.refresh_from_db()
    assert services.unresolved_exclusions(file) == ["private_car"]
    assert file.category == "none"
    with acting(cast.district_admin):
        services.confirm_exclusion_override(actor=cast.district_admin, override=car)
    file.refresh_from_db()
    assert file.category == "deep"
    assert "排除规则触发：拥有私家车（建档排除规则 默认）→ 已经区级复核放行：残疾人代步车" in (
        file.eligibility_lines
    )
    with translation.override("en"):
        assert (
            "Exclusion rule triggered: Owns a private car (filing exclusion rules default) → "
            "waived after a district check: 残疾人代步车"
        ) in file.eligibility_lines
    from gonghui.core.models import AuditEvent

    assert AuditEvent.unscoped.filter(action="assistance.exclusion.override").count() == 2
    assert AuditEvent.unscoped.filter(action="assistance.exclusion.confirm").count() == 2


def test_an_excluded_household_is_kept_off_the_public_notice(cast):
    from gonghui.assistance import selectors
    from gonghui.assistance.models import Declaration

    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "notice")
    assert len(selectors.public_notices()) == 1
    # A declaration found later (data entered before this rule existed) excludes it.
    Declaration.objects.create(file=file, kind="vehicle", count=1)
    services.recalculate(file)
    assert selectors.public_notices() == []
    with acting(cast.district_admin), pytest.raises(ValidationError, match="私家车"):
        services.approve_file(actor=cast.district_admin, file=file)


def test_the_district_admin_cannot_approve_a_file_they_submitted(cast):
    """#15.8: four eyes at every level."""
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.district_admin):
        services.submit_file(actor=cast.district_admin, file=file)
    with acting(cast.staff_a):
        services.record_visit(
            actor=cast.staff_a,
            file=file,
            visited_on=file.created_at.date(),
            visitors="陈静",
            findings="属实",
        )
    file.refresh_from_db()
    with acting(cast.district_admin), pytest.raises(PermissionDenied, match="提交人"):
        services.review_file(actor=cast.district_admin, file=file)


def test_applicant_income_is_entered_and_each_member_shown(cast):
    """#15.9: the applicant's own wage has its own field; the arithmetic shows each member."""
    set_dibao(cast)
    file = draft_file(cast, income="0", size=2)
    me = file.household.get(relationship="self")
    with acting(cast.chair_a):
        services.set_member_income(
            actor=cast.chair_a, file=file, member_id=me.pk, monthly_income="1500"
        )
    file.refresh_from_db()
    assert file.eligibility_lines[0] == (
        f"成员月收入：{me.name}（本人） ¥1,500.00 + 家属0（子女） ¥0.00 = ¥1,500.00"
    )
    assert file.eligibility_steps[0]["members"][1] == {
        "name": "家属0",
        "relationship": "child",
        "amount": "0.00",
    }
    with translation.override("en"):
        assert file.eligibility_lines[0] == (
            f"Members' monthly income: {me.name} (Self) ¥1,500.00 + 家属0 (Child) ¥0.00 = ¥1,500.00"
        )


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
