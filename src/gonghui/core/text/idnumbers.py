"""Chinese resident ID numbers (居民身份证号码, GB 11643-1999, 18 characters).

Hard errors: empty, a number that Excel turned into a float, wrong length (15-digit first-
generation numbers and 17-character numbers named as such), bad characters, a wrong check digit
(ISO 7064 MOD 11-2, computed by ``stdnum.cn.ric``) and an impossible birth date. An unknown or
retired area code is only a warning: python-stdnum's ``validate()`` rejects those, but real
people keep numbers whose area code was abolished or never made it into its table.

Residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, area codes 810000,
820000, 830000) follow the same format and are accepted; ``IdCheck.kind`` tells them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from django.utils.translation import gettext, gettext_noop
from stdnum.cn import ric

from gonghui.core.text.normalize import to_halfwidth

__all__ = [
    "EXCEL_NUMBER_ERROR",
    "IdCheck",
    "age_on",
    "check_id_number",
    "compute_check_digit",
    "make_id_number",
    "normalize_id_number",
]

Gender = Literal["M", "F"]
Kind = Literal["resident", "hk", "mo", "tw"]

# Reasons are worded in the reader's language when a check returns them (gettext); the
# constants are their message ids.
EXCEL_NUMBER_ERROR = gettext_noop(
    "身份证号被 Excel 转成了数字（科学计数法），请将该列设为文本后重新导出"
)
OLD_15_ERROR = gettext_noop("15 位旧身份证号，请换用 18 位号码")
MISSING_ONE_ERROR = gettext_noop("缺少 1 位（17 位），可能漏了校验位")

PERMIT_KINDS: dict[str, Kind] = {"810000": "hk", "820000": "mo", "830000": "tw"}
EARLIEST_BIRTH = dt.date(1900, 1, 1)

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$")
_FLOAT_DIGITS = re.compile(r"^\d+\.\d*$")
_STRIP = re.compile(r"[\s\-\u200b\u200c\u200d\u2060\ufeff]")
_WELL_FORMED = re.compile(r"^\d{17}[\dX]$")
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number


@dataclass
class IdCheck:
    """The outcome of checking one ID number; ``ok`` when there is no error."""

    value: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    gender: Gender | None = None
    kind: Kind | None = None

    @property
    def ok(self) -> bool:
        """True when the number has no hard error (warnings allowed)."""
        return not self.errors


def normalize_id_number(raw: Any) -> str:
    """Trim, drop inner spaces and dashes, full-width to half-width, lowercase x to X.

    A leading apostrophe (Excel's "this is text" marker) is dropped too. Numbers are turned
    into text as they are; ``check_id_number`` reports those that Excel damaged.
    """
    if raw is None:
        return ""
    if type(raw) is str and raw.isascii() and raw.isalnum():
        return raw.upper()  # the usual value: nothing to strip or convert
    if isinstance(raw, float):
        return repr(raw).upper()
    text = _STRIP.sub("", to_halfwidth(str(raw)))
    return text.removeprefix("'").upper()


def compute_check_digit(first17: str) -> str:
    """The check character ("0"–"9" or "X") for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("计算校验位需要 17 位数字")
    return ric.calc_check_digit(first17 + "0")  # stdnum ignores the last character


def age_on(birth_date: dt.date, on_date: dt.date) -> int:
    """Age in completed years (周岁) on ``on_date``.

    The age goes up on the birthday itself; a 29 February birthday counts from 1 March in
    common years.
    """
    before_birthday = (on_date.month, on_date.day) < (birth_date.month, birth_date.day)
    return on_date.year - birth_date.year - int(before_birthday)


def make_id_number(area: str, birth_date: dt.date, seq: int, gender: Gender | None = None) -> str:
    """Build a valid 18-character ID number (for test data and generators).

    Without ``gender``, ``seq`` (0–999) is the order code as is (odd = male). With ``gender``,
    ``seq`` (0–499) picks the ``seq``-th order code of that gender: ``2*seq + 1`` for "M",
    ``2*seq`` for "F".
    """
    if len(area) != 6 or not area.isdigit():
        raise ValueError("行政区划代码应为 6 位数字")
    if gender is None:
        order = seq
    elif gender in ("M", "F"):
        order = 2 * seq + (1 if gender == "M" else 0)
    else:
        raise ValueError("性别应为 M 或 F")
    if not 0 <= order <= 999:
        raise ValueError("顺序码超出范围")
    first17 = f"{area}{birth_date:%Y%m%d}{order:03d}"
    return first17 + compute_check_digit(first17)


# --- checking ----------------------------------------------------------------------------------


def _looks_like_excel_number(raw: Any, value: str) -> bool:
    """True for a float, an over-long int, or text that is a float's rendering."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, float):
        return True
    if isinstance(raw, int):
        return len(str(abs(raw))) > _EXCEL_DIGITS
    return bool(_SCIENTIFIC.match(value) or _FLOAT_DIGITS.match(value))


def _length_error(value: str) -> str | None:
    length = len(value)
    if length == 18:
        return None
    if length == 15 and value.isdigit():
        return gettext(OLD_15_ERROR)
    if length == 17:
        return gettext(MISSING_ONE_ERROR)
    return gettext("身份证号应为 18 位，实际为 {length} 位").format(length=length)


def _character_error(value: str) -> str | None:
    if _WELL_FORMED.match(value):
        return None
    for position, char in enumerate(value[:17], start=1):
        if not ("0" <= char <= "9"):
            return gettext("第 {position} 位“{char}”不是数字：前 17 位只能是数字").format(
                position=position, char=char
            )
    return gettext("最后一位“{char}”无效：只能是数字或 X").format(char=value[17])


def _birth_date(value: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    digits = value[6:14]
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None, gettext("出生日期 {digits} 不存在").format(digits=digits)
    if born < EARLIEST_BIRTH:
        return None, gettext("出生日期 {digits} 早于 1900 年").format(digits=digits)
    if born > today:
        return None, gettext("出生日期 {digits} 晚于今天").format(digits=digits)
    return born, None


@cache
def _area_periods(area: str) -> tuple[tuple[int | None, int | None], ...] | None:
    """Known periods ``(start, end)`` of an area code in stdnum's table, ``None`` if unknown."""
    from stdnum import numdb

    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(area):
        info.update(props)
    if not info.get("county"):
        return None
    periods = []
    for county in info["county"].split(","):
        if not county.startswith("["):
            periods.append((None, None))
            continue
        start, end = county[1:].split("]")[0].split("-")
        periods.append((int(start) if start else None, int(end) if end else None))
    return tuple(periods)


def _area_warning(area: str, birth_year: int | None) -> str | None:
    """Warn for an area code unknown to the table, or abolished before the holder was born.

    A code that started after the birth year is fine: numbers are often issued years later.
    """
    if area in PERMIT_KINDS:
        return None
    periods = _area_periods(area)
    if periods is None:
        return gettext("行政区划代码 {area} 未知或已撤销").format(area=area)
    if birth_year is not None and all(end is not None and end < birth_year for _s, end in periods):
        return gettext("行政区划代码 {area} 未知或已撤销（出生前已撤销）").format(area=area)
    return None


def check_id_number(raw: Any, *, today: dt.date | None = None) -> IdCheck:
    """Normalise and check an 18-character ID number; see the module docstring for the rules.

    ``today`` (default: the local date) bounds the birth date.
    """
    value = _as_written(raw)
    if value is None:  # not already 18 ASCII digits (or X): normalise and name what is wrong
        value = normalize_id_number(raw)
        error = _first_format_error(raw, value)
        if error:
            return IdCheck(value=value, errors=[error])
    result = IdCheck(value=value)
    if value[17] != compute_check_digit(value[:17]):
        result.errors.append(gettext("校验位（最后一位）不符，请核对号码是否抄错"))
    born, date_error = _birth_date(value, today or dt.date.today())
    if date_error:
        result.errors.append(date_error)
    result.birth_date = born
    result.gender = "M" if int(value[16]) % 2 else "F"
    result.kind = PERMIT_KINDS.get(value[:6], "resident")
    warning = _area_warning(value[:6], born.year if born else None)
    if warning:
        result.warnings.append(warning)
    return result


def _as_written(raw: Any) -> str | None:
    """The usual cell, already well formed (17 ASCII digits and a digit or X, x allowed),
    upper-cased; ``None`` for anything else. Such a cell normalises to itself and has no
    format error, so the checks of the general path need not run for it."""
    if type(raw) is str and len(raw) == 18 and raw.isascii():
        value = raw.upper()
        if _WELL_FORMED.match(value):
            return value
    return None


def _first_format_error(raw: Any, value: str) -> str | None:
    if not value:
        return gettext("身份证号为空")
    if _looks_like_excel_number(raw, value):
        return gettext(EXCEL_NUMBER_ERROR)
    return _length_error(value) or _character_error(value)
