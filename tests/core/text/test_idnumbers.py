import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gonghui.core.text.idnumbers import (
    EXCEL_NUMBER_ERROR,
    IdCheck,
    _as_written,
    _first_format_error,
    age_on,
    check_id_number,
    compute_check_digit,
    make_id_number,
    normalize_id_number,
)

TODAY = dt.date(2025, 6, 1)
BORN = dt.date(1990, 1, 1)
VALID = make_id_number("320102", BORN, 123)  # 320102199001011232, male


def check(raw):
    return check_id_number(raw, today=TODAY)


# --- valid numbers -------------------------------------------------------------------------------


def test_valid_number_gives_birth_date_gender_and_kind():
    result = check(VALID)
    assert result == IdCheck(
        value=VALID, errors=[], warnings=[], birth_date=BORN, gender="M", kind="resident"
    )
    assert result.ok


def test_stdnum_documentation_example_is_valid():
    result = check("360426199101010071")
    assert result.ok
    assert result.gender == "M"
    assert result.birth_date == dt.date(1991, 1, 1)


def test_female_number():
    number = make_id_number("110101", dt.date(1985, 12, 31), 7, gender="F")
    result = check(number)
    assert result.ok
    assert result.gender == "F"
    assert int(number[16]) % 2 == 0


def test_check_digit_x():
    # find a number whose check digit is X and make sure it passes in either case
    number = next(
        n for seq in range(1000) if (n := make_id_number("320102", BORN, seq)).endswith("X")
    )
    assert check(number).ok
    lower = check(number[:-1] + "x")
    assert lower.ok
    assert lower.value == number


@pytest.mark.parametrize(
    "raw",
    [
        f"  {VALID}  ",
        f"{VALID[:6]} {VALID[6:14]} {VALID[14:]}",
        f"{VALID[:6]}-{VALID[6:14]}-{VALID[14:]}",
        VALID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
        f"\u3000{VALID}\xa0",
        f"'{VALID}",
        f"\ufeff{VALID}",
    ],
)
def test_normalisation(raw):
    result = check(raw)
    assert result.value == VALID
    assert result.ok


def test_normalize_id_number_helper():
    assert normalize_id_number(None) == ""
    assert normalize_id_number("１１０１０１１９９００１０１１２３ｘ") == "11010119900101123X"


@pytest.mark.parametrize(("area", "kind"), [("810000", "hk"), ("820000", "mo"), ("830000", "tw")])
def test_residence_permits_for_hk_macao_taiwan(area, kind):
    result = check(make_id_number(area, dt.date(1995, 5, 5), 12))
    assert result.ok
    assert result.kind == kind
    assert result.warnings == []


# --- hard errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_empty(raw):
    assert check(raw).errors == ["身份证号为空"]


@pytest.mark.parametrize(
    "raw",
    [
        "3.2010219900101E+17",
        "3.20102199001011E17",
        "3.20102199001011e+17",
        "3.2010219900101E+017",
        "320102199001011000.0",
        "320102199001011.0",
        "32010219900101123.",
        3.20102199001011e17,
        320102199001011232.0,
        320102199001011000,  # an int longer than Excel's 15 digits
    ],
)
def test_numbers_mangled_by_excel(raw):
    result = check(raw)
    assert result.errors == [EXCEL_NUMBER_ERROR]
    assert not result.ok


def test_excel_error_message_text():
    assert EXCEL_NUMBER_ERROR == (
        "身份证号被 Excel 转成了数字（科学计数法），请将该列设为文本后重新导出"
    )


def test_fifteen_digit_old_number():
    assert check("320102900101123").errors == ["15 位旧身份证号，请换用 18 位号码"]
    assert check(320102900101123).errors == ["15 位旧身份证号，请换用 18 位号码"]


def test_seventeen_characters():
    assert check(VALID[:17]).errors == ["缺少 1 位（17 位），可能漏了校验位"]


@pytest.mark.parametrize("length", [1, 10, 14, 16, 19, 20])
def test_other_lengths(length):
    raw = (VALID * 2)[:length]
    assert check(raw).errors == [f"身份证号应为 18 位，实际为 {length} 位"]


def test_fifteen_characters_with_a_letter_is_a_length_error():
    assert check("32010290010112X").errors == ["身份证号应为 18 位，实际为 15 位"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("32010A199001011232", "第 6 位“A”不是数字：前 17 位只能是数字"),
        ("X20102199001011232", "第 1 位“X”不是数字：前 17 位只能是数字"),
        ("3201021990010112X2", "第 17 位“X”不是数字：前 17 位只能是数字"),
        ("32010219900101123Y", "最后一位“Y”无效：只能是数字或 X"),
        ("32010219900101123*", "最后一位“*”无效：只能是数字或 X"),
        ("32010219900101123张", "最后一位“张”无效：只能是数字或 X"),
    ],
)
def test_bad_characters(raw, message):
    assert check(raw).errors == [message]


def test_bad_check_digit():
    wrong = VALID[:17] + ("3" if VALID[17] != "3" else "4")
    result = check(wrong)
    assert result.errors == ["校验位（最后一位）不符，请核对号码是否抄错"]
    assert not result.ok


@given(st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_is_caught(position, delta):
    digit = (int(VALID[position]) + delta) % 10
    typo = VALID[:position] + str(digit) + VALID[position + 1 :]
    assert not check(typo).ok


def test_swapped_adjacent_digits_are_caught():
    swapped = VALID[:10] + VALID[11] + VALID[10] + VALID[12:]
    assert swapped != VALID
    assert not check(swapped).ok


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        ("19900230", "出生日期 19900230 不存在"),
        ("19901301", "出生日期 19901301 不存在"),
        ("19900001", "出生日期 19900001 不存在"),
        ("20230229", "出生日期 20230229 不存在"),
        ("18991231", "出生日期 18991231 早于 1900 年"),
        ("20250602", "出生日期 20250602 晚于今天"),
        ("20990101", "出生日期 20990101 晚于今天"),
    ],
)
def test_impossible_birth_dates(birth, message):
    first17 = f"320102{birth}123"
    number = first17 + compute_check_digit(first17)
    result = check(number)
    assert result.errors == [message]
    assert result.birth_date is None


def test_birth_today_and_leap_day_are_fine():
    assert check(make_id_number("320102", TODAY, 1)).ok
    assert check(make_id_number("320102", dt.date(2000, 2, 29), 1)).ok
    assert check(make_id_number("320102", dt.date(1900, 1, 1), 1)).ok


def test_check_digit_and_birth_errors_are_both_reported():
    first17 = "32010219900230123"
    wrong = first17 + ("0" if compute_check_digit(first17) != "0" else "1")
    assert check(wrong).errors == [
        "校验位（最后一位）不符，请核对号码是否抄错",
        "出生日期 19900230 不存在",
    ]


def test_today_defaults_to_the_real_date():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert "晚于今天" in check_id_number(make_id_number("320102", tomorrow, 1)).errors[0]


# --- area code warnings --------------------------------------------------------------------------


def test_unknown_area_code_is_only_a_warning():
    result = check(make_id_number("999999", BORN, 1))
    assert result.ok
    assert result.warnings == ["行政区划代码 999999 未知或已撤销"]
    assert not ric.is_valid(result.value)  # stdnum's validate() would have rejected it


def test_area_unknown_below_a_known_province():
    result = check(make_id_number("321399", BORN, 1))
    assert result.ok
    assert result.warnings == ["行政区划代码 321399 未知或已撤销"]


def test_retired_area_code_is_fine_for_people_born_before_it_was_retired():
    # 110103 崇文区 was merged into 东城区 in 2010
    assert check(make_id_number("110103", dt.date(1980, 3, 3), 5)).warnings == []


def test_retired_area_code_warns_for_people_born_after():
    result = check(make_id_number("110103", dt.date(2015, 3, 3), 5))
    assert result.ok
    assert result.warnings == ["行政区划代码 110103 未知或已撤销（出生前已撤销）"]


def test_area_code_created_after_birth_is_fine():
    # 110115 大兴区 since 2001; numbers are often issued long after birth
    assert check(make_id_number("110115", dt.date(1980, 3, 3), 5)).warnings == []


# --- helpers -------------------------------------------------------------------------------------


def test_compute_check_digit_matches_stdnum():
    assert compute_check_digit("36042619910101007") == "1"
    assert compute_check_digit(VALID[:17]) == VALID[17]


@pytest.mark.parametrize("bad", ["", "1234", "3204261991010100X", "360426199101010071", "３" * 17])
def test_compute_check_digit_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="17 位数字"):
        compute_check_digit(bad)


@given(
    area=st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    seq=st.integers(min_value=0, max_value=999),
)
def test_make_id_number_always_passes(area, born, seq):
    number = make_id_number(area, born, seq)
    result = check(number)
    assert result.ok, result.errors
    assert result.birth_date == born
    assert result.gender == ("M" if seq % 2 else "F")


@given(seq=st.integers(min_value=0, max_value=499), gender=st.sampled_from(["M", "F"]))
def test_make_id_number_with_gender(seq, gender):
    assert check(make_id_number("320102", BORN, seq, gender=gender)).gender == gender


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"area": "32010", "seq": 1}, "行政区划代码"),
        ({"area": "32010a", "seq": 1}, "行政区划代码"),
        ({"area": "320102", "seq": 1000}, "顺序码"),
        ({"area": "320102", "seq": -1}, "顺序码"),
        ({"area": "320102", "seq": 500, "gender": "M"}, "顺序码"),
        ({"area": "320102", "seq": 1, "gender": "X"}, "性别"),
    ],
)
def test_make_id_number_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_id_number(birth_date=BORN, **kwargs)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(1990, 6, 15), dt.date(2025, 6, 14), 34),
        (dt.date(1990, 6, 15), dt.date(2025, 6, 15), 35),
        (dt.date(1990, 6, 15), dt.date(2025, 12, 31), 35),
        (dt.date(2000, 2, 29), dt.date(2023, 2, 28), 22),
        (dt.date(2000, 2, 29), dt.date(2023, 3, 1), 23),
        (dt.date(2000, 2, 29), dt.date(2024, 2, 29), 24),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 1), 0),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age


@given(st.text(alphabet="0123456789Xx '-.eE\uff11\u3000", min_size=16, max_size=20))
def test_cells_taken_as_written_need_no_normalising(raw):
    # the shortcut for well-formed cells gives what the general path gives
    value = _as_written(raw)
    if value is not None:
        assert value == normalize_id_number(raw)
        assert _first_format_error(raw, value) is None
        assert check(raw).value == value
