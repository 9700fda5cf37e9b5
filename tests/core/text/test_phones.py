import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.text.phones import normalize_phone, phone_digits

MOBILE = "13812345678"


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 13812345678 ",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "１３８１２３４５６７８",
        "１３８\u3000１２３４\u3000５６７８",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "(+86)13812345678",
        "（+86）13812345678",
        "＋８６ １３８１２３４５６７８",
        "008613812345678",
        "0086 138 1234 5678",
        "8613812345678",
        "86-13812345678",
        13812345678,
        13812345678.0,
    ],
)
def test_accepted_forms(raw):
    assert normalize_phone(raw) == (MOBILE, None)


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_all_mobile_prefixes(prefix):
    number = prefix + "012345678"
    assert normalize_phone(number) == (number, None)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("12812345678", "手机号无效：应以 13–19 开头"),
        ("10012345678", "手机号无效：应以 13–19 开头"),
        ("23812345678", "手机号无效：应以 13–19 开头"),
        ("1381234567", "手机号应为 11 位数字，实际为 10 位"),
        ("138123456789", "手机号应为 11 位数字，实际为 12 位"),
        ("025-12345678", "像是固定电话号码，请填写 11 位手机号"),
        ("010 88886666", "像是固定电话号码，请填写 11 位手机号"),
        ("138abc45678", "手机号含有非数字字符"),
        ("无", "手机号含有非数字字符"),
        ("1.38123E+10", "手机号被 Excel 转成了科学计数法，请将该列设为文本后重新导出"),
    ],
)
def test_errors(raw, error):
    value, message = normalize_phone(raw)
    assert message == error
    assert value  # the cleaned input is handed back for the error report


def test_eighty_six_is_only_stripped_as_a_country_code():
    # 86 followed by fewer digits is not a country code: keep and report
    assert normalize_phone("8613812345")[1] == "手机号应为 11 位数字，实际为 10 位"


def test_errors_do_not_repeat_the_number():
    _, error = normalize_phone("12812345678")
    assert "12812345678" not in error


def test_empty():
    assert normalize_phone(None) == ("", "手机号为空")
    assert normalize_phone("  ") == ("", "手机号为空")
    assert normalize_phone("", required=False) == ("", None)
    assert normalize_phone(None, required=False) == ("", None)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+86", "0086", "86"]))
def test_any_mobile_with_any_prefix(number, prefix):
    assert normalize_phone(f"{prefix} {number[:3]}-{number[3:7]}-{number[7:]}") == (number, None)


@given(st.from_regex(r"1[3-9][0-9]{9}\n?", fullmatch=True))
def test_eleven_digits_as_written(raw):
    assert normalize_phone(raw) == (raw.strip(), None)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+86 ", "0086-"]))
def test_phone_digits_as_typed_or_pasted(number, prefix):
    """A blind index and a lookup read the same 11 digits whatever the writing: spaces, dashes,
    a country code, full-width digits from a Chinese input method."""
    spaced = f"{prefix}{number[:3]} {number[3:7]}-{number[7:]}"
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in spaced)
    assert phone_digits(number) == phone_digits(spaced) == phone_digits(fullwidth) == number
    assert phone_digits(None) == phone_digits("") == ""
