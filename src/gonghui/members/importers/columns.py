"""Columns of the roster import: settings, parsers and coded values."""

from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.text.normalize import parse_date
from gonghui.core.text.phones import normalize_phone as check_phone

from .. import vocabulary

INLINE_KEYS = config.define(
    "members.import_inline_search_rows",
    2_000,
    gettext_lazy("名册导入：同步建立搜索索引的最大行数"),
    gettext_lazy(
        "超过此行数的导入先写入会员，再由后台任务建立姓名/拼音/证号尾号搜索索引（通常一两分钟）。"
    ),
)

CONFLICT_COLUMN = {"name": "姓名", "birth_date": "出生日期", "gender": "性别"}

COLUMN_OF_FIELD = {
    "id_number": "身份证号",
    "gender": "性别",
    "birth_date": "出生日期",
    "join_date": "入会日期",
    "phone": "手机号",
}


def _safe(parser, message):
    """A parser that reports a cell it cannot read instead of crashing the import (e.g. an
    Excel serial number beyond year 9999 makes ``parse_date`` overflow)."""

    def parse(value):
        try:
            return parser(value)
        except (ValueError, OverflowError, TypeError):
            return None, message

    return parse


_date = _safe(parse_date, "无法识别的日期，请写成 2020-01-05、2020/1/5 或 2020年1月5日")


def _codes(text_choices):
    return tuple((value, str(label)) for value, label in text_choices.choices)


ETHNICITY_CODES = tuple((name, name) for name in vocabulary.ETHNIC_GROUPS)


def _id_number(raw):
    """Keep the cell as it came (a number Excel made of the ID is an error, not a guess)."""
    return raw, None


def _phone(raw):
    if isinstance(raw, str) and "*" in raw:
        return None, None  # a masked number (an export without reveal): keep the roster's
    return check_phone(raw, required=False)


def _labels(text_choices):
    return tuple(str(label) for _v, label in text_choices.choices)
