"""Surname stroke order (姓氏笔画排序), as used for candidate lists and ballots.

Names are compared character by character (surname first): fewer strokes first; at equal
counts, by the first differing stroke type in writing order, 横 1 竖 2 撇 3 点 4 折 5; then by
code point. Counts are mainland counts from Unihan ``kTotalStrokes`` (陈 7, 阝 = 2 strokes), so
陈 郑 邓 陆 sort 邓 陆 陈 郑 and 王 刘 李 杨 张 陈 周 赵 黄 keep that order. ICU's stroke
collation is not used: it counts 阝 as 3.

Data: ``data/strokes.txt``, made by ``build_strokes.py`` (sources and licences there).
Limitations: stroke-order data is missing for about 190 rare characters, and for about 430 the
sequence comes from a different glyph than the Unihan count; both fall back to code point order
among characters of equal count. Characters outside the table (Extension B and later, Latin
letters) sort after every known character; spaces and name dots (·) are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import TypeVar

__all__ = [
    "CharKey",
    "sort_by_surname_strokes",
    "stroke_count",
    "stroke_key",
    "stroke_sequence",
]

T = TypeVar("T")
CharKey = tuple[int, tuple[int, ...], int]

UNKNOWN_COUNT = 1000  # after every real stroke count
NO_SEQUENCE = (9,)  # after every real stroke sequence of the same count
_IGNORED = re.compile(r"[\s·•・.\-_'’]")


@cache
def _table() -> dict[str, tuple[int, tuple[int, ...]]]:
    """``{char: (count, strokes)}`` from the shipped data file (read once)."""
    table: dict[str, tuple[int, tuple[int, ...]]] = {}
    text = resources.files(__package__).joinpath("data/strokes.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        strokes = tuple(int(digit) for digit in parts[2]) if len(parts) > 2 else ()
        table[parts[0]] = (int(parts[1]), strokes)
    return table


def stroke_count(char: str) -> int | None:
    """Mainland stroke count of one character, ``None`` if unknown."""
    entry = _table().get(unicodedata.normalize("NFC", char))
    return entry[0] if entry else None


def stroke_sequence(char: str) -> str | None:
    """Strokes of one character as digits 1–5 (横竖撇点折), ``None`` if unknown."""
    entry = _table().get(unicodedata.normalize("NFC", char))
    if not entry or not entry[1]:
        return None
    return "".join(str(stroke) for stroke in entry[1])


def _char_key(char: str) -> CharKey:
    entry = _table().get(char)
    if entry is None:
        return (UNKNOWN_COUNT, NO_SEQUENCE, ord(char))
    count, strokes = entry
    return (count, strokes or NO_SEQUENCE, ord(char))


def stroke_key(name: str) -> tuple[CharKey, ...]:
    """Sort key of a name: per character (stroke count, stroke types, code point).

    Compatibility ideographs are folded (NFC); spaces and name dots are ignored. A name that is
    a prefix of another sorts first (王 before 王五).
    """
    text = _IGNORED.sub("", unicodedata.normalize("NFC", name or ""))
    return tuple(_char_key(char) for char in text)


def sort_by_surname_strokes(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """``items`` sorted in surname stroke order of ``key(item)`` (default: the item itself).

    The sort is stable: equal names keep their order.
    """
    get_name: Callable[[T], str] = key if key is not None else str
    return sorted(items, key=lambda item: stroke_key(get_name(item)))
