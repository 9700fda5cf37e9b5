from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.text.strokes import (
    sort_by_surname_strokes,
    stroke_count,
    stroke_key,
    stroke_sequence,
)

COMMON = "王刘李杨张陈周赵黄"


def names(text):
    return list(text)


def test_the_expected_order_of_common_surnames():
    assert "".join(sort_by_surname_strokes(names(COMMON))) == COMMON
    assert "".join(sort_by_surname_strokes(reversed(names(COMMON)))) == COMMON


@given(st.permutations(names(COMMON)))
def test_the_common_order_holds_from_any_starting_order(shuffled):
    assert "".join(sort_by_surname_strokes(shuffled)) == COMMON


def test_chen_has_seven_strokes_on_the_mainland():
    assert stroke_count("陈") == 7
    assert stroke_count("周") == 8  # ICU counts 阝 as 3 and puts 陈 after 周


def test_the_ear_radical_counts_two_strokes():
    assert stroke_count("阝") == 2
    assert stroke_sequence("阝") == "52"
    assert stroke_count("邓") == 4
    assert stroke_count("陆") == 7
    assert stroke_count("郑") == 8
    assert stroke_sequence("陈").startswith("52")
    assert stroke_sequence("郑").endswith("52")


def test_chen_zheng_deng_lu():
    # 邓 4; 陆 and 陈 7 (both 5 2 1, then 陆 横 1 before 陈 折 5); 郑 8
    assert "".join(sort_by_surname_strokes(names("陈郑邓陆"))) == "邓陆陈郑"


def test_equal_counts_break_ties_by_stroke_type_heng_shu_pie_dian_zhe():
    assert "".join(sort_by_surname_strokes(names("刁八卜丁"))) == "丁卜八刁"
    assert "".join(sort_by_surname_strokes(names("马千山万于"))) == "于万山千马"


def test_later_strokes_decide_when_the_first_ones_agree():
    # 李 1234521 vs 杨 1234533: the sixth stroke 竖 2 beats 撇 3
    assert sort_by_surname_strokes(["杨", "李"]) == ["李", "杨"]
    # 张 5153154 vs 陈 5215234: the second stroke 横 1 beats 竖 2
    assert sort_by_surname_strokes(["陈", "张"]) == ["张", "陈"]


def test_full_names_compare_character_by_character():
    assert sort_by_surname_strokes(["王五", "王二", "王", "丁一"]) == ["丁一", "王", "王二", "王五"]
    assert sort_by_surname_strokes(["李四", "王五", "张三"]) == ["王五", "李四", "张三"]


def test_spaces_and_name_dots_are_ignored():
    assert stroke_key(" 王　五 ") == stroke_key("王五")
    assert stroke_key("阿依古丽·买买提") == stroke_key("阿依古丽买买提")


def test_compatibility_ideographs_are_folded():
    assert stroke_key("\uf900") == stroke_key("豈")
    assert stroke_count("\uf900") == stroke_count("豈") == 10


def test_unknown_characters_sort_after_known_ones():
    assert stroke_count("𠀀") is None
    assert stroke_sequence("a") is None
    ordered = sort_by_surname_strokes(["Smith", "𠀀一", "龘", "王"])
    assert ordered[:2] == ["王", "龘"]
    assert set(ordered[2:]) == {"Smith", "𠀀一"}


def test_empty_names_sort_first():
    assert stroke_key("") == ()
    assert sort_by_surname_strokes(["王", ""]) == ["", "王"]


def test_key_function_and_stability():
    people = [("张", 1), ("王", 2), ("张", 3), ("王", 4)]
    assert sort_by_surname_strokes(people, key=lambda person: person[0]) == [
        ("王", 2),
        ("王", 4),
        ("张", 1),
        ("张", 3),
    ]


def test_sort_returns_a_new_list():
    original = ["张", "王"]
    assert sort_by_surname_strokes(original) == ["王", "张"]
    assert original == ["张", "王"]


# --- the shipped data file -----------------------------------------------------------------------


def _data_lines():
    text = (
        resources.files("gonghui.core.text")
        .joinpath("data/strokes.txt")
        .read_text(encoding="utf-8")
    )
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def test_data_file_is_well_formed():
    rows = _data_lines()
    assert len(rows) > 27_000
    for row in rows:
        assert len(row) in (2, 3), row
        char, count = row[0], int(row[1])
        assert len(char) == 1
        assert 0x3400 <= ord(char) <= 0x4DBF or 0x4E00 <= ord(char) <= 0x9FFF
        assert 1 <= count <= 70
        if len(row) == 3:
            assert set(row[2]) <= set("12345"), row
    assert len({row[0] for row in rows}) == len(rows)


def test_data_file_covers_the_basic_block_and_mostly_agrees_with_itself():
    rows = _data_lines()
    basic = [row for row in rows if 0x4E00 <= ord(row[0]) <= 0x9FA5]
    assert len(basic) == 0x9FA5 - 0x4E00 + 1
    with_sequence = [row for row in rows if len(row) == 3]
    matching = [row for row in with_sequence if len(row[2]) == int(row[1])]
    assert len(with_sequence) / len(rows) > 0.99
    assert len(matching) / len(with_sequence) > 0.98


@pytest.mark.parametrize(
    ("char", "count", "sequence"),
    [("一", 1, "1"), ("王", 4, "1121"), ("马", 3, "551"), ("黄", 11, "12212512134")],
)
def test_known_characters(char, count, sequence):
    assert stroke_count(char) == count
    assert stroke_sequence(char) == sequence
