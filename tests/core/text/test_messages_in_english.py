"""What the cell checks say about a cell is worded in the reader's language: a staff member using
the English pages reads why a row of their roster was refused in English (the cell's own value
stays as written), and in Chinese as before."""

import datetime as dt
import re

import pytest
from django.utils import translation

from gonghui.core.text.idnumbers import check_id_number, make_id_number
from gonghui.core.text.normalize import parse_choice, parse_date, parse_decimal
from gonghui.core.text.phones import normalize_phone
from gonghui.core.text.uscc import check_uscc, make_uscc

HAN = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
VALID_ID = make_id_number("110101", dt.date(1990, 1, 1), 5, "M")
BAD_CHECK = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")


def _id_error(raw):
    result = check_id_number(raw, today=dt.date(2026, 12, 8))
    return (result.errors or result.warnings)[0]


CASES = [
    ("ID too short", lambda: _id_error("1101011990")),
    ("ID of 15 digits", lambda: _id_error("110101900101123")),
    ("ID of 17 digits", lambda: _id_error(VALID_ID[:17])),
    ("ID with a letter", lambda: _id_error("11010119900101A235")),
    ("ID with a bad last character", lambda: _id_error(VALID_ID[:17] + "Y")),
    ("ID with a wrong check character", lambda: _id_error(BAD_CHECK)),
    ("ID born in the future", lambda: _id_error("110101" + "20300101" + "0010")),
    ("ID from Excel", lambda: _id_error(1.10101199001e17)),
    ("ID empty", lambda: _id_error("")),
    ("phone empty", lambda: normalize_phone("")[1]),
    ("phone a landline", lambda: normalize_phone("0571-88888888")[1]),
    ("phone too short", lambda: normalize_phone("1381234")[1]),
    ("phone letters", lambda: normalize_phone("138abc12345")[1]),
    ("phone from Excel", lambda: normalize_phone("1.38001E+10")[1]),
    ("date that does not exist", lambda: parse_date("2020-02-30")[1]),
    ("date unreadable", lambda: parse_date("next Tuesday")[1]),
    ("date a small number", lambda: parse_date(12.5)[1]),
    ("amount unreadable", lambda: parse_decimal("twelve")[1]),
    ("amount negative", lambda: parse_decimal("-5")[1]),
    ("choice unknown", lambda: parse_choice("外星", {"男": "M", "女": "F"})[1]),
    ("credit code empty", lambda: check_uscc("")[1]),
    ("credit code too short", lambda: check_uscc("91320102")[1]),
    ("credit code wrong check", lambda: check_uscc(make_uscc(7)[:17] + "0")[1]),
]


@pytest.mark.parametrize(("case", "reason"), CASES, ids=[c for c, _r in CASES])
def test_reasons_read_in_english_and_chinese(case, reason):
    with translation.override("en"):
        english = reason()
    with translation.override("zh-hans"):
        chinese = reason()
    assert english and chinese, case
    # the cell as written may be Chinese (“外星”) and the choices are the column's Chinese
    # options; the words around them are English
    words = QUOTED.sub("", english).split(":")[0]
    assert not HAN.search(words), (case, english)
    assert HAN.search(chinese), (case, chinese)


def test_a_parameter_lands_in_the_english_wording():
    with translation.override("en"):
        assert _id_error("1101011990") == "An ID number has 18 characters; this one has 10"
        assert parse_date("2020-02-30")[1] == (
            'The date "2020-02-30" does not exist: check the year, month and day'
        )
        assert parse_choice("外星", {"男": "M", "女": "F"})[1] == (
            '"外星" is not one of the options: 男, 女'
        )
