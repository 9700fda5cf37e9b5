"""What a duplicate-aid flag found, as data, and its words in the viewer's language.

``services.duplicate_aid`` writes each flag's finding as a dict (``Flag.data``):
``{"check": "overlap_aid", "kind": "living", "cycle": "2026 春节送温暖", ...}`` -- amounts as
Decimal strings, dates ISO, statuses and programme kinds as their codes, the setting that
decided a cap as a ``config.snapshot``; names of people, cycles, unions and outside sources as
written. Pages, the integrity list, the review queue and the API read ``Flag.shown_detail``
(``describe``), in the language of whoever looks. Flags stored before the finding was data keep
their text in ``Flag.detail``; ``parse_legacy`` reads the old Chinese back where it can.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from gonghui.core import config

from .enums import FileStatus, ProgrammeKind


def _yuan(value):
    from .policy import yuan

    return yuan(value)


def _label(choices, code):
    return str(choices(code).label) if code in choices.values else str(code)


def _date(value):
    return datetime.date.fromisoformat(value).strftime("%Y-%m-%d")


def money(value):
    return str(Decimal(value).quantize(Decimal("0.01")))


def describe(data):
    """The finding ``data`` in the current language ("" for an unknown check)."""
    check = data.get("check")
    if check == "same_id":
        return _("{name} 身份证号 {masked_id} 也在档案 {number}（{union}，{status}）中").format(
            name=data["name"],
            masked_id=data["masked_id"],
            number=data["number"],
            union=data["union"],
            status=_label(FileStatus, data["status"]),
        )
    if check == "file_bank":
        return _("银行账户与档案 {number}（{union}）相同").format(
            number=data["number"], union=data["union"]
        )
    if check == "overlap_aid":
        return _("同期已获 {kind}「{cycle}」（{start}—{end}，{union}，{value}）").format(
            kind=_label(ProgrammeKind, data["kind"]),
            cycle=data["cycle"],
            start=_date(data["start"]),
            end=_date(data["end"]),
            union=data["union"],
            value=_yuan(data["value"]),
        )
    if check == "overlap_outside":
        return _("{person} 同期已获外部救助：{source} {amount}（{granted_on}）").format(
            person=data["person"],
            source=data["source"],
            amount=_yuan(data["amount"]),
            granted_on=_date(data["granted_on"]),
        )
    if check == "cross_cap":
        return _(
            "本户 {year} 年各项目及外部救助合计 {total} 超过年度上限 {cap}（{setting}）"
        ).format(
            year=data["year"],
            total=_yuan(data["total"]),
            cap=_yuan(data["cap"]),
            setting=config.describe_snapshot(data["setting"]),
        )
    if check == "payee_bank_file":
        return _("收款银行账户与另一户（档案 {number}，{union}）相同").format(
            number=data["number"], union=data["union"]
        )
    if check == "payee_bank_worker":
        return _("收款银行账户与另一登记职工（{union}）相同").format(union=data["union"])
    if check == "living_cap":
        return _(
            "本年生活救助合计 {total} 超过年度上限 {cap} = {months} × 低保 {dibao}（{setting}）"
        ).format(
            total=_yuan(data["total"]),
            cap=_yuan(data["cap"]),
            months=data["months"],
            dibao=_yuan(data["dibao"]),
            setting=config.describe_snapshot(data["setting"]),
        )
    if check == "student_outside":
        return _("{name} 已获 {source} 资助 {amount}（{year}）").format(
            name=data["name"],
            source=data["source"],
            amount=_yuan(data["amount"]),
            year=data["year"],
        )
    if check == "student_listed":
        return _("{name} 已列入 {cycle}").format(name=data["name"], cycle=data["cycle"])
    return ""


# --- flags stored as Chinese text (before 0011) --------------------------------------------

_AMOUNT = r"¥(?P<{}>[\d,]+\.\d\d)"
_DATE = r"(?P<{}>\d{{4}}-\d\d-\d\d)"


def _m(name):
    return _AMOUNT.format(name)


def _d(name):
    return _DATE.format(name)


_SETTING = r"（(?P<setting_label>.+) = (?P<setting_value>[^=]+?)（(?:v(?P<version>\d+)|默认)））"

LEGACY = [
    (
        "same_id",
        r"(?P<name>.+?) 身份证号 (?P<masked_id>\S+) 也在档案 (?P<number>[^\s（），]+)（(?P<union>.+)，(?P<status>[^，（）]+)）中",
    ),
    ("file_bank", r"银行账户与档案 (?P<number>[^\s（），]+)（(?P<union>.+)）相同"),
    (
        "overlap_aid",
        r"同期已获 (?P<kind>\S+)「(?P<cycle>.+)」（"
        + _d("start")
        + "—"
        + _d("end")
        + r"，(?P<union>.+)，"
        + _m("value")
        + "）",
    ),
    (
        "overlap_outside",
        r"(?P<person>.+?) 同期已获外部救助：(?P<source>.+) "
        + _m("amount")
        + "（"
        + _d("granted_on")
        + "）",
    ),
    (
        "cross_cap",
        r"本户 (?P<year>\d{4}) 年各项目及外部救助合计 "
        + _m("total")
        + " 超过年度上限 "
        + _m("cap")
        + _SETTING,
    ),
    (
        "payee_bank_file",
        r"收款银行账户与另一户（档案 (?P<number>[^\s（），]+)，(?P<union>.+)）相同",
    ),
    ("payee_bank_worker", r"收款银行账户与另一登记职工（(?P<union>.+)）相同"),
    (
        "living_cap",
        r"本年生活救助合计 "
        + _m("total")
        + " 超过年度上限 "
        + _m("cap")
        + r" = (?P<months>\d+) × 低保 "
        + _m("dibao")
        + _SETTING,
    ),
    (
        "student_outside",
        r"(?P<name>.+?) 已获 (?P<source>.+) 资助 " + _m("amount") + r"（(?P<year>\d{4})）",
    ),
    ("student_listed", r"(?P<name>.+?) 已列入 (?P<cycle>.+)"),
]

SETTING_KEYS = {
    "cross_cap": "assistance.yearly_aid_cap",
    "living_cap": "assistance.living_aid_cap_months",
}


def parse_legacy(text, setting_value=None):
    """The data of a flag stored as Chinese text (the wording of duplicate_aid before 0011), or
    None when the text is not one of them. ``setting_value(pk)`` gives a kept setting version's
    value (the default's value when the text says 默认)."""
    with_labels = {
        **{str(c.label): c.value for c in FileStatus},
        **{str(c.label): c.value for c in ProgrammeKind},
    }
    for check, pattern in LEGACY:
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        data = {"check": check}
        for key, value in match.groupdict().items():
            if key in ("setting_label", "setting_value", "version"):
                continue
            if key in ("value", "amount", "total", "cap", "dibao"):
                value = money(value.replace(",", ""))
            elif key in ("year", "months"):
                value = int(value)
            elif key in ("status", "kind"):
                if value not in with_labels:
                    return None
                value = with_labels[value]
            data[key] = value
        if check in SETTING_KEYS:
            version = match["version"]
            key = SETTING_KEYS[check]
            if version:
                kept = setting_value(int(version)) if setting_value else None
                if kept is None:
                    return None
                data["setting"] = {"key": key, "value": kept, "version": int(version)}
            else:
                definition = config.definitions().get(key)
                default = definition.default if definition else None
                if default is None:
                    return None
                data["setting"] = {"key": key, "value": config._to_json(default), "version": None}
        return data
    return None
