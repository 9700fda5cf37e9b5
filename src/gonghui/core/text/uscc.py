"""Unified social credit codes (统一社会信用代码, GB 32100-2015, 18 characters).

Layout: 1 registering authority (9 = market regulation, 5 = civil affairs, N = agriculture,
Y = other …), 2 entity type, 3–8 area code (digits), 9–17 organisation code (GB 11714),
18 check character. Characters come from ``0-9`` and ``A-Z`` without I, O, Z, S, V.

The check character is computed by ``stdnum.cn.uscc``. Its ``validate()`` is not used: it
demands digits in positions 1–2 and so rejects real codes such as those of rural collective
economic organisations (N2…) or Y1….
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext
from stdnum.cn import uscc as stdnum_uscc

from gonghui.core.text.normalize import to_halfwidth

__all__ = ["ALPHABET", "check_uscc", "compute_check_char", "make_uscc", "org_code_check_char"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_STRIP = re.compile(r"[\s\-\u200b\ufeff]")
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def compute_check_char(first17: str) -> str:
    """The 18th character for the first 17 characters of a code."""
    if len(first17) != 17 or any(char not in ALPHABET for char in first17):
        raise ValueError("计算校验码需要 17 位有效字符")
    return stdnum_uscc.calc_check_digit(first17)


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character of an 8-character organisation code ("0"–"9" or "X")."""
    total = sum(int(char, 36) * weight for char, weight in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(seq: int, area: str = "320102", authority: str = "9", entity: str = "1") -> str:
    """A valid code for test data: organisation code ``seq`` (0–99,999,999) with its own GB 11714
    check character, in ``area``, for the given authority and entity type characters."""
    if not 0 <= seq <= 99_999_999:
        raise ValueError("序号超出范围")
    if len(area) != 6 or not area.isdigit():
        raise ValueError("行政区划代码应为 6 位数字")
    org8 = f"{seq:08d}"
    first17 = f"{authority}{entity}{area}{org8}{org_code_check_char(org8)}"
    return first17 + compute_check_char(first17)


def _normalize(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return _STRIP.sub("", to_halfwidth(str(raw))).upper()


def _format_error(value: str) -> str | None:
    if len(value) != 18:
        return gettext("应为 18 位，实际为 {length} 位").format(length=len(value))
    for position, char in enumerate(value, start=1):
        if 3 <= position <= 8 and not ("0" <= char <= "9"):
            return gettext("第 {position} 位“{char}”应为数字（第 3–8 位是行政区划代码）").format(
                position=position, char=char
            )
        if char not in ALPHABET:
            return gettext(
                "第 {position} 位“{char}”不是有效字符（不使用字母 I、O、Z、S、V）"
            ).format(position=position, char=char)
    return None


def check_uscc(raw: Any, *, required: bool = True) -> tuple[str, str | None]:
    """Normalise (trim, half-width, upper case, no spaces or dashes) and check a code.

    Returns ``(value, error)``; ``error`` is a Chinese reason without the words
    "统一社会信用代码", so that a caller can prefix the field name. An empty value is an error
    unless ``required=False``, which gives ``("", None)``.
    """
    value = _normalize(raw)
    if not value:
        return "", (gettext("不能为空") if required else None)
    error = _format_error(value)
    if error:
        return value, error
    if value[17] != compute_check_char(value[:17]):
        return value, gettext("校验码（最后一位）不符，请核对是否抄错")
    return value, None
