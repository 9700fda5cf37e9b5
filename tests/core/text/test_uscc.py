import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from gonghui.core.text.uscc import (
    ALPHABET,
    check_uscc,
    compute_check_char,
    make_uscc,
    org_code_check_char,
)

REAL = "91110000600037341L"  # python-stdnum's documented example


def test_valid_code():
    assert check_uscc(REAL) == (REAL, None)


@pytest.mark.parametrize(
    "raw",
    [
        "91110000600037341l",
        " 91110000600037341L ",
        "9111 0000 6000 3734 1L",
        "911100-00600037341L",
        "９１１１００００６０００３７３４１Ｌ",
        "\u300091110000600037341L\xa0",
    ],
)
def test_normalisation(raw):
    assert check_uscc(raw) == (REAL, None)


def test_codes_with_letters_in_the_first_two_positions_are_accepted():
    # rural collective economic organisations (N2…) and "other" (Y1…): stdnum's validate()
    # rejects these because it demands digits in positions 1-2
    for authority, entity in [("N", "2"), ("Y", "1"), ("5", "1"), ("1", "2"), ("A", "1")]:
        code = make_uscc(42, authority=authority, entity=entity)
        assert check_uscc(code) == (code, None)
    assert not stdnum_uscc.is_valid(make_uscc(42, authority="N", entity="2"))


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("9111000060003734", "应为 18 位，实际为 16 位"),
        ("91110000600037341LL", "应为 18 位，实际为 19 位"),
        ("91A10000600037341L", "第 3 位“A”应为数字（第 3–8 位是行政区划代码）"),
        ("9111000O600037341L", "第 8 位“O”应为数字（第 3–8 位是行政区划代码）"),
        ("91110000I00037341L", "第 9 位“I”不是有效字符（不使用字母 I、O、Z、S、V）"),
        ("91110000600037341O", "第 18 位“O”不是有效字符（不使用字母 I、O、Z、S、V）"),
        ("9111000060003734-*", "应为 18 位，实际为 17 位"),
        ("91110000600037341*", "第 18 位“*”不是有效字符（不使用字母 I、O、Z、S、V）"),
        ("91110000600037341M", "校验码（最后一位）不符，请核对是否抄错"),
        ("91110000600037342L", "校验码（最后一位）不符，请核对是否抄错"),
    ],
)
def test_errors(raw, error):
    assert check_uscc(raw)[1] == error


def test_error_text_leaves_room_for_the_field_name():
    _, error = check_uscc("123")
    assert "统一社会信用代码" not in error


def test_empty():
    assert check_uscc(None) == ("", "不能为空")
    assert check_uscc("  ") == ("", "不能为空")
    assert check_uscc("", required=False) == ("", None)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_make_uscc_is_valid_and_agrees_with_stdnum(seq):
    code = make_uscc(seq)
    assert check_uscc(code) == (code, None)
    assert stdnum_uscc.is_valid(code)
    assert code[8:16] == f"{seq:08d}"


def test_make_uscc_is_unique_per_seq():
    assert len({make_uscc(seq) for seq in range(2000)}) == 2000


@given(st.integers(min_value=0, max_value=16), st.sampled_from(ALPHABET))
def test_any_single_character_change_is_caught(position, char):
    code = make_uscc(123456)
    changed = code[:position] + char + code[position + 1 :]
    if changed != code and (not 2 <= position <= 7 or char.isdigit()):
        assert check_uscc(changed)[1] is not None


def test_compute_check_char():
    assert compute_check_char(REAL[:17]) == "L"
    with pytest.raises(ValueError, match="17 位"):
        compute_check_char("1234")
    with pytest.raises(ValueError, match="17 位"):
        compute_check_char("9111000060003734O")


@pytest.mark.parametrize(
    ("first8", "check"),
    [("60003734", "1"), ("D2143569", "X"), ("00000001", "9")],
)
def test_org_code_check_char(first8, check):
    assert org_code_check_char(first8) == check


def test_real_code_org_part_has_a_valid_gb11714_check():
    assert org_code_check_char(REAL[8:16]) == REAL[16]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"seq": -1}, "序号"), ({"seq": 10**8}, "序号"), ({"seq": 1, "area": "3201"}, "行政区划")],
)
def test_make_uscc_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_uscc(**kwargs)
