"""Mainland China mobile numbers: 11 digits, ``1[3-9]`` followed by nine digits."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

from gonghui.core.text.normalize import to_halfwidth

__all__ = ["MOBILE", "normalize_phone", "phone_digits"]

MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-–—_.()（）\u200b\ufeff]")
_COUNTRY_PREFIXES = ("+86", "0086", "86")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d*)?[eE][+-]?\d+$")


def _as_text(raw: Any) -> str:
    """A cell as text; a float that holds a whole number loses its ".0"."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    if isinstance(raw, float):
        return repr(raw)
    return to_halfwidth(str(raw)).strip()


def _strip_country_code(digits: str) -> str:
    for prefix in _COUNTRY_PREFIXES:
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def normalize_phone(raw: Any, *, required: bool = True) -> tuple[str, str | None]:
    """Normalise a mainland mobile number; return ``(value, error)``.

    Drops spaces, dashes, dots, brackets, full-width forms and a +86 / 0086 / 86 prefix.
    ``value`` is the 11 digits when valid, else the cleaned input (for the error report).
    An empty cell is an error unless ``required=False``, which gives ``("", None)``.
    """
    if type(raw) is str and len(raw) == 11 and raw.isascii() and MOBILE.match(raw):
        return raw, None  # already 11 digits: nothing to strip or convert
    text = "" if raw is None else _as_text(raw)
    if not text:
        return "", (gettext("手机号为空") if required else None)
    if _SCIENTIFIC.match(text):
        return text, gettext("手机号被 Excel 转成了科学计数法，请将该列设为文本后重新导出")
    value = _strip_country_code(_SEPARATORS.sub("", text))
    if MOBILE.match(value):
        return value, None
    return value, _reason(value)


def phone_digits(raw: Any) -> str:
    """The last 11 digits of a number as people type it ("+86 138 0013 8000", "138-0013-8000",
    full-width digits from a Chinese input method): what a phone's blind index and a lookup by
    phone are made of. No check: ``normalize_phone`` says whether it is a mobile number."""
    text = "" if raw is None else str(raw)
    if text.isascii() and text.isdigit():
        return text[-11:]  # the usual value, e.g. each row of an import: already digits only
    return "".join(ch for ch in to_halfwidth(text) if "0" <= ch <= "9")[-11:]


def _reason(value: str) -> str:
    """Why ``value`` is not a mobile number (the number itself is not repeated: it is personal)."""
    if not value.isascii() or not value.lstrip("+").isdigit():
        return gettext("手机号含有非数字字符")
    if value.startswith("0"):
        return gettext("像是固定电话号码，请填写 11 位手机号")
    if len(value) != 11:
        return gettext("手机号应为 11 位数字，实际为 {length} 位").format(length=len(value))
    return gettext("手机号无效：应以 13–19 开头")
