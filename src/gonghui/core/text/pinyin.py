"""Search keys for Chinese names: pinyin, initials and 1-/2-character fragments.

pypinyin 0.55 has no surname mode (its ``Style`` values are output styles only), so surnames
are read through the small tables below: a polyphonic surname takes its surname reading
(单 shan, 曾 zeng, 解 xie, 区 ou …) and a compound surname (万俟 moqi, 尉迟 yuchi …) is read as
one. The given name is read by pypinyin, which uses its phrase table for context. Pinyin is
lower-case, toneless, with ü written ``v`` (吕 → lv), as Chinese input methods do.

What ``search_tokens`` puts in the index for a name (see ``query_keys`` for the query side):

- every 1- and 2-character fragment of the name (张三丰 → 张 三 丰 张三 三丰), so that any
  1–2 character query is one exact lookup, and a longer one intersects its 2-character
  fragments (then checks the hit really contains the query);
- full pinyin at each syllable boundary (zhang, zhangsan, zhangsanfeng): a pinyin query must
  start at the surname and end on a whole syllable; partial syllables (zhangs) are not indexed;
- initials from two letters up (zs, zsf): a single letter would match a fifth of the roster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from gonghui.core.text.normalize import clean_text, to_halfwidth

__all__ = [
    "COMPOUND_SURNAMES",
    "SURNAME_READINGS",
    "fragments",
    "name_keys",
    "name_pinyin",
    "normalize_name",
    "query_keys",
    "search_tokens",
    "split_surname",
    "syllables",
]

# Polyphonic single-character surnames and their reading as a surname (most differ from
# pypinyin's default reading of the character alone).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "查": "zha", "朴": "piao",
    "仇": "qiu", "秘": "bi", "覃": "qin", "盖": "ge", "缪": "miao", "翟": "zhai",
    "乐": "yue", "繁": "po", "员": "yun", "阚": "kan", "隗": "wei", "薄": "bo",
    "召": "shao", "种": "chong", "重": "chong", "折": "she", "句": "gou", "祭": "zhai",
    "能": "nai", "黑": "he", "朝": "chao", "都": "du", "长": "chang", "卜": "bu", "粘": "nian",
    "洗": "xian", "便": "pian", "角": "jue", "宿": "su", "尉": "wei", "任": "ren",
    "华": "hua", "纪": "ji", "燕": "yan", "沈": "shen", "贾": "jia", "藏": "zang",
    "葛": "ge", "冼": "xian", "谌": "chen", "佴": "nai", "牟": "mou", "哈": "ha",
}  # fmt: skip

# Compound surnames, with their readings (the polyphonic ones are why this table exists).
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "万俟": ("mo", "qi"), "尉迟": ("yu", "chi"), "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"), "澹台": ("tan", "tai"), "乐正": ("yue", "zheng"),
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"), "东方": ("dong", "fang"), "皇甫": ("huang", "fu"),
    "公孙": ("gong", "sun"), "慕容": ("mu", "rong"), "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"), "司空": ("si", "kong"), "夏侯": ("xia", "hou"),
    "轩辕": ("xuan", "yuan"), "令狐": ("ling", "hu"), "钟离": ("zhong", "li"),
    "闻人": ("wen", "ren"), "东郭": ("dong", "guo"), "南宫": ("nan", "gong"),
    "西门": ("xi", "men"), "拓跋": ("tuo", "ba"), "呼延": ("hu", "yan"),
    "端木": ("duan", "mu"), "鲜于": ("xian", "yu"), "百里": ("bai", "li"),
    "赫连": ("he", "lian"), "独孤": ("du", "gu"), "完颜": ("wan", "yan"),
    "申屠": ("shen", "tu"), "濮阳": ("pu", "yang"), "太史": ("tai", "shi"),
    "公羊": ("gong", "yang"), "亓官": ("qi", "guan"), "左丘": ("zuo", "qiu"),
    "谷梁": ("gu", "liang"), "第五": ("di", "wu"), "羊舌": ("yang", "she"),
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s·•・.\-_'’]")


def normalize_name(name: str) -> str:
    """The name as indexed: trimmed, half-width, lower-case, without spaces and name dots."""
    return _SEPARATORS.sub("", to_halfwidth(clean_text(name))).lower()


def split_surname(name: str) -> tuple[str, str]:
    """``(surname, given name)``: a known compound surname, else the first character."""
    text = normalize_name(name)
    if text[:2] in COMPOUND_SURNAMES:
        return text[:2], text[2:]
    return text[:1], text[1:]


def _is_han(char: str) -> bool:
    """True for a CJK ideograph (basic block, extensions, compatibility ideographs)."""
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _keep_ascii(chunk: str) -> list[str]:
    """pypinyin's fallback for characters without pinyin: keep ASCII letters and digits."""
    kept = "".join(char for char in chunk.lower() if char.isascii() and char.isalnum())
    return [kept] if kept else []


def _read(text: str) -> list[str]:
    if not text:
        return []
    return list(_read_cached(text))


@lru_cache(maxsize=131072)
def _read_cached(text):  # given names repeat: read each once
    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors=_keep_ascii))


def syllables(name: str) -> list[str]:
    """Toneless pinyin syllables of a name, surname read as a surname (曾国藩 → zeng guo fan).

    Latin letters and digits in the name are kept as one lower-case chunk each; other
    characters without pinyin are dropped.
    """
    surname, given = split_surname(name)
    if not surname or not _is_han(surname[0]):
        return _read(surname + given)
    if surname in COMPOUND_SURNAMES:
        head = list(COMPOUND_SURNAMES[surname])
    elif surname in SURNAME_READINGS:
        head = [SURNAME_READINGS[surname]]
    else:
        head = _read(surname)
    return head + _read(given)


def name_keys(name: str) -> dict[str, str]:
    """``{"full": "zhangsan", "initials": "zs"}`` for 张三."""
    full, initials = _name_keys(name)
    return {"full": full, "initials": initials}


def name_pinyin(name: str) -> tuple[str, str]:
    """``("zhangsan", "zs")`` for 张三: ``name_keys`` as a pair (bulk writes, no dict a name)."""
    return _name_keys(name)


@lru_cache(maxsize=65536)
def _name_keys(name):  # names repeat a lot in a roster: read each once
    parts = syllables(name)
    return "".join(parts), "".join(part[0] for part in parts)


def fragments(text: str, n: Iterable[int] = (1, 2)) -> set[str]:
    """All substrings of the normalised ``text`` whose length is in ``n`` (an n-gram index)."""
    clean = normalize_name(text)
    return {clean[i : i + size] for size in n for i in range(len(clean) - size + 1) if size > 0}


def search_tokens(name: str) -> set[str]:
    """Every key to index for ``name``: fragments, pinyin prefixes and initials (module doc)."""
    parts = syllables(name)
    tokens = fragments(name)
    tokens.update("".join(parts[:count]) for count in range(1, len(parts) + 1))
    initials = "".join(part[0] for part in parts)
    tokens.update(initials[:count] for count in range(2, len(initials) + 1))
    tokens.discard("")
    return tokens


def query_keys(query: str) -> list[str]:
    """The index keys that a name must *all* have to match ``query``.

    A pinyin or initials query, or a query of 1–2 characters, is one key. A longer query gives
    its overlapping 2-character fragments: the hits are a superset, so the caller keeps only
    names that contain the query.
    """
    text = normalize_name(query)
    if not text:
        return []
    if len(text) <= 2 or (text.isascii() and text.isalpha()):
        return [text]
    return sorted(fragments(text, n=(2,)))
