"""The eligibility arithmetic and an entitlement's basis are kept as data and read in the
viewer's language; rows stored as Chinese text before that (migrations 0009 and 0010) convert
into the same data, and what does not read as the rules wrote it stays as it stands."""

import re

import pytest
from django.utils import translation

from gonghui.assistance import explain
from gonghui.core import config

from .helpers import draft_file, set_dibao, to_state

HAN = re.compile(r"[\u3400-\u9fff]")

# As 0008 stored them: every kind of line the rules wrote (names and reasons are records).
OLD_TEXT = """成员月收入：李建军（本人） ¥1,800.00 + 周兰（配偶） ¥0.00 = ¥1,800.00
家庭月收入 ¥1,800.00（成员收入 ¥1,800.00 + 其他收入 ¥0.00）
刚性支出 ¥0.00
人均月收入 ¥900.00 = （¥1,800.00 − ¥0.00）÷ 2
低保标准依据：和平区总工会 2026 年（v2）
低保标准 ¥1,100.00
1 × 低保 = ¥1,100.00 → 低于
按收入测算：深度困难（困难类别倍数：深度困难 1×、相对困难 2×、意外致困 3×（默认））
排除规则触发：拥有私家车（建档排除规则 v7）→ 已经区级复核放行：残疾人代步车
排除规则触发：拥有两套及以上住房（建档排除规则 v7）→ 不予认定
结论：不符合条件（触发排除规则：拥有两套及以上住房）"""
RECORDS = ("李建军", "周兰", "和平区总工会", "残疾人代步车")


def _without_records(text):
    for record in RECORDS:
        text = text.replace(record, "")
    return text


def test_old_arithmetic_converts_to_steps_that_read_the_same_in_chinese_and_in_english():
    steps = explain.parse_legacy(OLD_TEXT)
    assert [s["step"] for s in steps] == [
        "member_incomes",
        "household_income",
        "costs",
        "per_capita",
        "dibao_basis",
        "dibao",
        "line",
        "conclusion",
        "exclusion",
        "exclusion",
        "excluded",
    ]
    assert steps[0]["members"][1] == {"name": "周兰", "relationship": "spouse", "amount": "0.00"}
    assert steps[7]["income_test"] is True and steps[7]["multiples_version"] is None
    assert steps[8] == {
        "step": "exclusion",
        "rule": "private_car",
        "version": 7,
        "waived": "残疾人代步车",
    }
    with translation.override("zh-hans"):
        assert "\n".join(explain.lines(steps)) == OLD_TEXT
    with translation.override("en"):
        english = explain.lines(steps)
    assert english[3] == "Monthly income per head ¥900.00 = (¥1,800.00 − ¥0.00) ÷ 2"
    assert english[6] == "1 × minimum living standard = ¥1,100.00 → below"
    assert english[-1] == "Result: not eligible (exclusion rule triggered: Owns two or more homes)"
    assert not HAN.search(_without_records("\n".join(english)))


def test_a_line_that_does_not_read_as_the_rules_wrote_it_is_kept():
    steps = explain.parse_legacy("Monthly income per head ¥900.00\n人均月收入 九百元")
    assert steps == [
        {"step": "text", "text": "Monthly income per head ¥900.00"},
        {"step": "text", "text": "人均月收入 九百元"},
    ]
    assert explain.lines(steps) == ["Monthly income per head ¥900.00", "人均月收入 九百元"]
    assert explain.parse_legacy("") == []


def test_old_rule_version_converts_to_the_versions_that_decided():
    basis = explain.parse_legacy_basis("类别倍数 默认 · 排除规则 v3 · 低保 HP/2026 v2")
    assert basis == {
        "multiples": None,
        "exclusions": 3,
        "dibao": {"code": "HP", "year": 2026, "id": 2},
    }
    with translation.override("zh-hans"):
        assert explain.rule_basis_text(basis) == "类别倍数 默认 · 排除规则 v3 · 低保 HP/2026 v2"
    with translation.override("en"):
        assert explain.rule_basis_text(basis) == (
            "Category multiples default · exclusion rules v3 · minimum living standard HP/2026 v2"
        )
    assert explain.parse_legacy_basis("") == {}
    assert explain.parse_legacy_basis("手写") == {"text": "手写"}


def test_old_entitlement_bases_convert_to_data():
    def setting_value(pk):
        return {"university": "6000"} if pk == 9 else None

    cases = [
        (
            "送温暖标准：现金 ¥2,500.00 + 物资 ¥500.00",
            {"kind": "warmth", "cash": "2500.00", "goods": "500.00"},
            "¥2,500.00",
        ),
        (
            "个人自付 ¥3,000.00，上限 ¥3,000.00",
            {"kind": "medical", "own_share": "3000.00", "cap": "3000.00"},
            "¥3,000.00",
        ),
        (
            "一次性创业补助：丽娟早点铺",
            {"kind": "startup", "support": "grant", "business": "丽娟早点铺"},
            "丽娟早点铺",
        ),
        (
            "大学（含高职） ¥6,000.00（金秋助学标准（元/人，按学段） = 大学（含高职）：6000（v9））",
            {
                "kind": "education",
                "schooling": "university",
                "amount": "6000.00",
                "setting": {"value": {"university": "6000"}, "version": 9},
            },
            "v9",
        ),
    ]
    for text, rule, kept in cases:
        assert explain.parse_legacy_rule(text, setting_value) == rule
        with translation.override("zh-hans"):
            assert explain.entitlement_rule_text(rule) == text
        with translation.override("en"):
            english = explain.entitlement_rule_text(rule)
        assert kept in english and not HAN.search(english.replace("丽娟早点铺", ""))
    assert explain.parse_legacy_rule("按会议决定", setting_value) is None
    assert explain.entitlement_rule_text({}, "按会议决定") == "按会议决定"


@pytest.mark.django_db
def test_file_page_shows_the_arithmetic_in_the_viewers_language(cast, login):
    set_dibao(cast)
    file = draft_file(cast, income="2400", size=3)
    client = login(cast.chair_a)
    chinese = client.get(f"/assistance/files/{file.pk}/").content.decode()
    assert "人均月收入 ¥800.00 = （¥2,400.00 − ¥0.00）÷ 3" in chinese
    assert "规则版本：类别倍数 默认 · 排除规则 默认 · 低保" in chinese
    with translation.override("en"):  # the request's language must not outlive it
        english = client.get(f"/assistance/files/{file.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    english = english.content.decode()
    assert "Monthly income per head ¥800.00 = (¥2,400.00 − ¥0.00) ÷ 3" in english
    assert "Rule version: Category multiples default · exclusion rules default" in english
    assert "人均月收入" not in english and "低保标准" not in english
    with translation.override("en"):
        api = client.get(f"/api/v1/assistance/files/{file.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "Monthly income per head ¥800.00 = (¥2,400.00 − ¥0.00) ÷ 3"
        in api.json()["eligibility_steps"]
    )


@pytest.mark.django_db
def test_the_notice_period_on_the_timeline_reads_in_the_viewers_language(cast, login):
    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "notice")
    client = login(cast.chair_a)
    url = f"/assistance/files/{file.pk}/"
    assert "困难档案公示期（工作日） = 5（默认）" in client.get(url).content.decode()
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "困难档案公示期" not in english
    with translation.override("en"):
        assert config.describe("assistance.notice_working_days") in english
