"""Normalisation of imported cells: half-width text, whitespace, dates, money and choices.

The ``parse_*`` functions share one contract: they return ``(value, error)``. An empty cell
(``None`` or blank text) gives ``(None, None)``: whether a value is required is the caller's
rule. Any other input that cannot be read gives ``(None, "<reason in Chinese>")``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext

from gonghui.core.text.punctuation import joined

__all__ = [
    "EXCEL_SERIAL_MAX_DATE",
    "EXCEL_SERIAL_MIN_DATE",
    "clean_text",
    "excel_serial_to_date",
    "is_blank",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "to_halfwidth",
]

# Full-width ASCII (U+FF01..U+FF5E) maps to U+0021..U+007E; the ideographic space to a space.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20
_HALFWIDTH[0xFFE5] = 0xA5  # ￥ full-width yen/yuan sign -> ¥

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_WHITESPACE = re.compile(r"\s+")  # str patterns match U+3000 and NBSP too

# Excel serial dates (1900 date system). Only dates in this window are accepted, so that a bare
# year such as 1990 or a small count is never read as a date in 1905.
EXCEL_SERIAL_MIN_DATE = dt.date(1920, 1, 1)
EXCEL_SERIAL_MAX_DATE = dt.date(2099, 12, 31)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 = 1900-03-01 (Excel's 1900 leap-year bug)

_DATE_PARTS = re.compile(
    r"^(\d{4})\s*([-./年])\s*(\d{1,2})\s*([-./月])\s*(\d{1,2})\s*(日?)"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^(\d{1,6})(?:\.(\d+))?$")

_MONEY_NOISE = re.compile(r"(?:RMB|CNY|人民币|[¥元\s])", re.IGNORECASE)
_MONEY = re.compile(r"^-?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?$")
_FLOAT_NOISE = Decimal("1e-9")


def to_halfwidth(s: str) -> str:
    """Turn full-width ASCII letters, digits, punctuation and the ideographic space half-width.

    Chinese characters and Chinese punctuation outside the full-width ASCII block (、。《》)
    are left alone.
    """
    if s.isascii():
        return s
    return s.translate(_HALFWIDTH)


def clean_text(s: Any) -> str:
    """Trim, drop zero-width characters and collapse inner whitespace (U+3000, NBSP) to one space.

    ``None`` gives ``""``. Full-width letters are *not* converted: use ``to_halfwidth`` too.
    """
    if s is None:
        return ""
    text = str(s)
    if text.isprintable() and "  " not in text:  # no tabs, odd spaces or zero-width marks
        return text.strip()
    text = _ZERO_WIDTH.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def is_blank(value: Any) -> bool:
    """True for ``None`` and for text that is empty after ``clean_text``."""
    if value is None:
        return True
    return isinstance(value, str) and not clean_text(value)


# --- dates -------------------------------------------------------------------------------------


def excel_serial_to_date(serial: float) -> dt.date | None:
    """The date of an Excel serial number (1900 system), or ``None`` outside the accepted window.

    The fractional part (a time of day) is dropped.
    """
    days = int(serial)
    if days < 61:
        return None  # before 1900-03-01 the 1900 system is off by Excel's fictional 1900-02-29
    try:
        day = _EXCEL_EPOCH + dt.timedelta(days=days)
    except OverflowError:  # beyond year 9999
        return None
    if EXCEL_SERIAL_MIN_DATE <= day <= EXCEL_SERIAL_MAX_DATE:
        return day
    return None


def _make_date(year: int, month: int, day: int, shown: str) -> tuple[dt.date | None, str | None]:
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, gettext("日期“{shown}”不存在，请核对年、月、日").format(shown=shown)


def _serial_result(serial: float, shown: str) -> tuple[dt.date | None, str | None]:
    day = excel_serial_to_date(serial)
    if day is None:
        return None, gettext(
            "数字“{shown}”不是可识别的日期（Excel 日期序号应在 {first} 至 {last} 之间），"
            "请写成 2020-01-05 的格式"
        ).format(
            shown=shown,
            first=f"{EXCEL_SERIAL_MIN_DATE:%Y-%m-%d}",
            last=f"{EXCEL_SERIAL_MAX_DATE:%Y-%m-%d}",
        )
    return day, None


def _parse_number_date(value: float) -> tuple[dt.date | None, str | None]:
    """An int or float cell: yyyymmdd (20200105) or an Excel serial number."""
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
        return None, gettext("无法识别的日期")
    if float(value).is_integer() and 19000101 <= value <= 29991231:
        number = int(value)
        return _make_date(number // 10000, number // 100 % 100, number % 100, str(number))
    shown = str(int(value)) if float(value).is_integer() else repr(value)
    if value < 0:
        return None, gettext("无法识别的日期“{shown}”").format(shown=shown)
    return _serial_result(value, shown)


def _parse_text_date(text: str) -> tuple[dt.date | None, str | None]:
    match = _DATE_PARTS.match(text)
    if match:
        year, sep1, month, sep2, day, day_mark = match.groups()
        consistent = (sep1, sep2) == ("年", "月") if sep1 == "年" else sep1 == sep2 and not day_mark
        if consistent:
            return _make_date(int(year), int(month), int(day), text)
    match = _COMPACT_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, text)
    match = _SERIAL.match(text)
    if match:
        return _serial_result(float(text), text)
    return None, gettext(
        "无法识别的日期“{shown}”，请写成 2020-01-05、2020/1/5 或 2020年1月5日"
    ).format(shown=text)


def parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    """Read a date from a cell.

    Accepts ``date``/``datetime`` objects, "2020-01-05", "2020.1.5", "2020/01/05",
    "2020年1月5日" (a trailing time such as " 00:00:00" is ignored), "20200105", and Excel serial
    numbers (43835, 43835.0 or "43835") between 1920-01-01 and 2099-12-31.
    """
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, gettext("无法识别的日期")
    if isinstance(value, int | float):
        return _parse_number_date(value)
    text = clean_text(to_halfwidth(str(value))) if value is not None else ""
    if not text:
        return None, None
    return _parse_text_date(text)


# --- money -------------------------------------------------------------------------------------


def _decimal_from_float(value: float, places: int | None) -> tuple[Decimal | None, str | None]:
    """A float cell read back through its shortest repr; float noise beyond ``places`` is rounded."""
    if value != value or value in (float("inf"), float("-inf")):
        return None, gettext("无法识别的金额")
    number = Decimal(repr(value))
    if places is not None:
        try:
            rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # beyond the context's 28 digits
            return None, gettext("金额过大")
        if abs(number - rounded) <= _FLOAT_NOISE:
            return rounded, None
    return number, None


def _decimal_from_text(text: str) -> tuple[Decimal | None, str | None]:
    compact = _MONEY_NOISE.sub("", to_halfwidth(text))
    negative = compact.startswith("(") and compact.endswith(")")
    if negative:
        compact = compact[1:-1]
    compact = compact.removeprefix("+")
    if not compact or not any(ch.isdigit() for ch in compact) or not _MONEY.match(compact):
        return None, gettext("无法识别的金额“{shown}”，请只填写数字，如 1234.50").format(shown=text)
    try:
        number = Decimal(compact.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid numbers
        return None, gettext("无法识别的金额“{shown}”").format(shown=text)
    return (-number if negative else number), None


def parse_decimal(
    value: Any, *, places: int | None = 2, allow_negative: bool = False
) -> tuple[Decimal | None, str | None]:
    """Read an amount of money as ``Decimal`` (never through float arithmetic).

    Accepts numbers, "1,234.50", "¥1234.5", "1234.5元", "￥１２３４", "RMB 100" and "(100)"
    for a negative amount. With ``places`` (default 2) the result is rounded half up to that
    many decimal places (1.005 -> 1.01, the rule of ``core/money.py``); a float cell that is off
    only by binary noise (0.30000000000000004) is rounded the same way.
    """
    if value is None or isinstance(value, bool):
        return None, (None if value is None else gettext("无法识别的金额"))
    if isinstance(value, Decimal):
        number: Decimal | None = value if value.is_finite() else None
        error = None if number is not None else gettext("无法识别的金额")
    elif isinstance(value, int):
        number, error = Decimal(value), None
    elif isinstance(value, float):
        number, error = _decimal_from_float(value, places)
    else:
        text = clean_text(value)
        if not text:
            return None, None
        number, error = _decimal_from_text(text)
    if error or number is None:
        return None, error
    return _check_amount(number, places, allow_negative)


def _check_amount(
    number: Decimal, places: int | None, allow_negative: bool
) -> tuple[Decimal | None, str | None]:
    if number < 0 and not allow_negative:
        return None, gettext("金额不能为负数")
    if places is None:
        return number, None
    try:
        # half up, like money rounded by hand: 1.005 -> 1.01 (core/money.py states the rule)
        quantized = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None, gettext("金额过大")
    return quantized, None


# --- choices -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _choice_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(to_halfwidth(str(value))).casefold()


def parse_choice(value: Any, choices: Mapping[str, Any]) -> tuple[Any | None, str | None]:
    """Map a cell to a code, given ``choices`` as ``{label: code}``.

    The cell may hold the label (男) or the code (M); matching ignores case, full-width forms
    and surrounding spaces.
    """
    if is_blank(value):
        return None, None
    wanted = _choice_text(value)
    for label, code in choices.items():
        if wanted == _choice_text(label):
            return code, None
    for code in choices.values():
        if wanted == _choice_text(code):
            return code, None
    shown = clean_text(value)
    return None, gettext("“{shown}”不是有效选项，可选：{choices}").format(
        shown=shown, choices=joined(choices)
    )
