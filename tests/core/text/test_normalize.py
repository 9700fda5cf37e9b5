import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.text.normalize import (
    EXCEL_SERIAL_MAX_DATE,
    EXCEL_SERIAL_MIN_DATE,
    clean_text,
    excel_serial_to_date,
    is_blank,
    parse_choice,
    parse_date,
    parse_decimal,
    to_halfwidth,
)

JAN5 = dt.date(2020, 1, 5)


# --- to_halfwidth / clean_text -------------------------------------------------------------------


def test_to_halfwidth_converts_full_width_ascii_and_ideographic_space():
    assert to_halfwidth("ＡＢＣ１２３ｘ，（）＋－") == "ABC123x,()+-"
    assert to_halfwidth("张\u3000三") == "张 三"
    assert to_halfwidth("￥１００") == "¥100"


def test_to_halfwidth_leaves_chinese_and_chinese_punctuation():
    assert to_halfwidth("张三、《工会法》。") == "张三、《工会法》。"


@given(st.text())
def test_to_halfwidth_is_idempotent_and_keeps_length(text):
    once = to_halfwidth(text)
    assert to_halfwidth(once) == once
    assert len(once) == len(text)


def test_clean_text_trims_and_collapses_all_kinds_of_whitespace():
    assert clean_text("  张\u3000\u3000三 \xa0 丰\t\n") == "张 三 丰"
    assert clean_text("\ufeff张\u200b三") == "张三"
    assert clean_text(None) == ""
    assert clean_text(12) == "12"


def test_clean_text_does_not_convert_full_width():
    assert clean_text(" ＡＢ ") == "ＡＢ"


@given(st.text())
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert once == once.strip()
    assert "  " not in once


def test_is_blank():
    assert is_blank(None)
    assert is_blank(" \u3000 ")
    assert not is_blank("0")
    assert not is_blank(0)


# --- parse_date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2020-01-05",
        "2020-1-5",
        "2020.1.5",
        "2020.01.05",
        "2020/01/05",
        "2020/1/5",
        "2020年1月5日",
        "2020年01月05日",
        "2020 年 1 月 5 日",
        "２０２０年１月５日",
        "20200105",
        " 2020-01-05 ",
        "2020-01-05 00:00:00",
        "2020/1/5 0:00",
        "2020-01-05T08:30:00",
        "43835",
        "43835.0",
        "43835.75",
        43835,
        43835.0,
        43835.5,
        20200105,
        JAN5,
        dt.datetime(2020, 1, 5, 23, 59),
    ],
)
def test_parse_date_accepts_common_forms(value):
    assert parse_date(value) == (JAN5, None)


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_parse_date_empty_is_no_value_and_no_error(value):
    assert parse_date(value) == (None, None)


@pytest.mark.parametrize(
    "value",
    [
        "2020-02-30",
        "2019年2月29日",
        "2020.13.1",
        "20200230",
        20200230,
    ],
)
def test_parse_date_impossible_dates(value):
    day, error = parse_date(value)
    assert day is None
    assert "不存在" in error


@pytest.mark.parametrize(
    "value",
    [
        "2020-01/05",  # mixed separators
        "2020年1/5",
        "2020-1-5日",
        "20.1.5",
        "5/1/2020",
        "abc",
        "2020年1月",
        "一九九〇年",
        True,
        float("nan"),
        -5,
    ],
)
def test_parse_date_rejects_other_text(value):
    day, error = parse_date(value)
    assert day is None
    assert error and "日期" in error


def test_parse_date_accepts_year_month_day_without_day_mark():
    assert parse_date("2020年1月5") == (JAN5, None)


@pytest.mark.parametrize("value", ["1990", 1990, 100, "1", 73051, "999999"])
def test_parse_date_excel_serials_outside_the_window_are_errors(value):
    day, error = parse_date(value)
    assert day is None
    assert "Excel 日期序号" in error


def test_excel_serial_window_edges():
    assert excel_serial_to_date(7306) == EXCEL_SERIAL_MIN_DATE
    assert excel_serial_to_date(7305) is None
    assert excel_serial_to_date(73050) == EXCEL_SERIAL_MAX_DATE
    assert excel_serial_to_date(73051) is None
    assert excel_serial_to_date(60) is None  # Excel's fictional 1900-02-29


def test_excel_serial_known_values():
    assert excel_serial_to_date(36526) == dt.date(2000, 1, 1)
    assert excel_serial_to_date(45658) == dt.date(2025, 1, 1)
    assert excel_serial_to_date(45658.9999) == dt.date(2025, 1, 1)


@given(st.dates(min_value=EXCEL_SERIAL_MIN_DATE, max_value=EXCEL_SERIAL_MAX_DATE))
def test_parse_date_round_trips_through_text_and_serials(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == (day, None)
    assert parse_date(str(serial)) == (day, None)
    assert parse_date(f"{day.year}.{day.month}.{day.day}") == (day, None)
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == (day, None)
    assert parse_date(day.strftime("%Y%m%d")) == (day, None)


# --- parse_decimal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.5", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1,234,567", "1234567.00"),
        ("¥1234.5", "1234.50"),
        ("￥1,234.5", "1234.50"),
        ("1234.5元", "1234.50"),
        ("１２３４．５", "1234.50"),
        ("１，２３４", "1234.00"),
        ("RMB 100", "100.00"),
        ("人民币100元", "100.00"),
        (" 100 ", "100.00"),
        ("+100", "100.00"),
        (".5", "0.50"),
        ("0", "0.00"),
        ("12.500", "12.50"),
        (100, "100.00"),
        (Decimal("2500"), "2500.00"),
        (2500.0, "2500.00"),
        (0.1 + 0.2, "0.30"),
        (1234.56, "1234.56"),
    ],
)
def test_parse_decimal_accepts_money(value, expected):
    number, error = parse_decimal(value)
    assert error is None
    assert number == Decimal(expected)
    assert str(number) == expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_parse_decimal_empty(value):
    assert parse_decimal(value) == (None, None)


@pytest.mark.parametrize(
    "value",
    ["abc", "1,23", "12,34.5", "1.2.3", "1e5", "¥", "元", "--1", "1-", True, float("inf")],
)
def test_parse_decimal_rejects_garbage(value):
    number, error = parse_decimal(value)
    assert number is None
    assert "金额" in error


def test_parse_decimal_rounds_half_up_to_places():
    # the one money rule (core/money.py): half up to cents, never refused for a third decimal
    assert parse_decimal("1.005") == (Decimal("1.01"), None)
    assert parse_decimal("1.004") == (Decimal("1.00"), None)
    assert parse_decimal(12.345) == (Decimal("12.35"), None)
    assert parse_decimal("1.005", places=3) == (Decimal("1.005"), None)
    assert parse_decimal("1.23456", places=None) == (Decimal("1.23456"), None)


def test_parse_decimal_negative_only_when_allowed():
    assert parse_decimal("-5") == (None, "金额不能为负数")
    assert parse_decimal("(1,000.5)") == (None, "金额不能为负数")
    assert parse_decimal("-5", allow_negative=True) == (Decimal("-5.00"), None)
    assert parse_decimal("(1,000.5)", allow_negative=True) == (Decimal("-1000.50"), None)


def test_parse_decimal_huge_number():
    assert parse_decimal("9" * 40) == (None, "金额过大")


def test_parse_decimal_never_uses_float_for_text():
    number, _ = parse_decimal("0.10")
    assert number + parse_decimal("0.20")[0] == Decimal("0.30")


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_parse_decimal_round_trips_decimal_text(value):
    assert parse_decimal(str(value)) == (value, None)
    assert parse_decimal(f"¥{value:,}") == (value, None)


@given(st.integers(min_value=0, max_value=10**11))
def test_parse_decimal_float_cells_of_fen_are_exact(fen):
    value = Decimal(fen) / 100
    assert parse_decimal(float(value)) == (value.quantize(Decimal("0.01")), None)


# --- parse_choice --------------------------------------------------------------------------------

SEX = {"男": "M", "女": "F"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("男", "M"), (" 女 ", "F"), ("M", "M"), ("m", "M"), ("Ｆ", "F"), ("f", "F")],
)
def test_parse_choice_accepts_label_or_code(value, expected):
    assert parse_choice(value, SEX) == (expected, None)


def test_parse_choice_numeric_codes_from_excel():
    levels = {"一级": 1, "二级": 2}
    assert parse_choice(2.0, levels) == (2, None)
    assert parse_choice("1", levels) == (1, None)
    assert parse_choice("二级", levels) == (2, None)


def test_parse_choice_empty_and_unknown():
    assert parse_choice(None, SEX) == (None, None)
    assert parse_choice("  ", SEX) == (None, None)
    code, error = parse_choice("未知", SEX)
    assert code is None
    assert error == "“未知”不是有效选项，可选：男、女"


def test_parse_choice_label_wins_over_code():
    choices = {"A": "B", "B": "C"}
    assert parse_choice("B", choices) == ("C", None)


def test_huge_excel_serial_is_an_error_not_a_crash():
    from gonghui.core.text.normalize import parse_date

    value, error = parse_date(2958466)
    assert value is None and error
    value, error = parse_date(10**12)
    assert value is None and error


def test_parse_decimal_refuses_a_float_cell_too_large_for_money():
    from gonghui.core.text.normalize import parse_decimal

    assert parse_decimal(1e26) == (None, "金额过大")
    assert parse_decimal(1.5e300)[0] is None
