"""Layouts of the annual statistics return as data, and computing a return from one.

A layout is JSON (the district loads and edits it per year, because the official forms change)::

    {"title": "...", "tables": [{
        "code": "表一", "title": "...",
        "columns": [{"key": "n", "label": "个数"}],
        "rows": [{"key": "total", "label": "合计", "cells": {"n": "grassroots_unions"}},
                 {"key": "state", "label": "国有", "cells": {"n": "grassroots_unions?ownership=state"}},
                 {"key": "rest", "label": "其余", "cells": {"n": "=total-state"}}],
        "checks": [{"total": "total", "parts": ["state", "rest"]},
                   {"sub": "state", "of": "total"}]}]}

A cell is a measure key from ``measures.MEASURES`` with optional parameters, or a formula
(``=``) adding and subtracting other rows' cells of the same column. Checks are the
cross-checks shown before export: a total equals the sum of its parts; a sub-item is not more
than its item.
"""

import copy
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.text.punctuation import joined

from .measures import MEASURES, Span, totals

DEFAULTS = Path(__file__).parent / "data" / "annual_return"
FORMULA_TERM = re.compile(r"([+-]?)\s*([a-z0-9_]+)")


def default_definition(year):
    """The shipped layout for ``year``: the newest shipped file not after it (else the oldest)."""
    files = sorted(DEFAULTS.glob("*.json"))
    chosen = [f for f in files if int(f.stem) <= year] or files[:1]
    return json.loads(chosen[-1].read_text(encoding="utf-8"))


def parse_cell(spec):
    """``"members?gender=F"`` -> ("members", {"gender": "F"}); formulas and blanks -> (None, {})."""
    if not spec or spec.startswith("="):
        return None, {}
    key, _sep, query = spec.partition("?")
    return key, dict(parse_qsl(query))


def formula_terms(spec):
    """``"=total-women"`` -> [(1, "total"), (-1, "women")]."""
    body = spec[1:].replace(" ", "")
    terms = FORMULA_TERM.findall(body)
    if not terms or "".join(sign + name for sign, name in terms).lstrip("+") != body.lstrip("+"):
        raise ValueError(spec)
    return [(-1 if sign == "-" else 1, name) for sign, name in terms]


def validate(definition):
    """Raise ``ValidationError`` (Chinese, naming the table and row) unless the layout is usable."""
    errors = []
    if not isinstance(definition, dict) or not isinstance(definition.get("tables"), list):
        raise ValidationError(_("报表格式应为含 tables 列表的 JSON 对象"))
    for t in definition["tables"]:
        code = t.get("code", "?")
        columns = [c.get("key") for c in t.get("columns", [])]
        rows = [r.get("key") for r in t.get("rows", [])]
        if not columns or not rows or None in columns or None in rows:
            errors.append(_("{code}：每张表须有列和行，且每列、每行都有 key").format(code=code))
            continue
        for row in t["rows"]:
            for col, spec in row.get("cells", {}).items():
                errors += _cell_errors(code, row, col, spec, columns, rows)
        for check in t.get("checks", []):
            named = [check.get("total"), *check.get("parts", []), check.get("sub"), check.get("of")]
            unknown = [n for n in named if n is not None and n not in rows]
            if unknown or not (("total" in check and check.get("parts")) or "sub" in check):
                errors.append(
                    _("{code}：校验规则 {check} 无效").format(
                        code=code, check=json.dumps(check, ensure_ascii=False)
                    )
                )
    if errors:
        raise ValidationError(errors)


def _cell_errors(code, row, col, spec, columns, rows):
    where = f"{code}「{row.get('label', row['key'])}」{col}"
    if col not in columns:
        return [_("{where}：没有这一列").format(where=where)]
    if spec.startswith("="):
        try:
            names = [name for _sign, name in formula_terms(spec)]
        except ValueError:
            return [_("{where}：公式 {spec} 只能加减本表其他行").format(where=where, spec=spec)]
        missing = [n for n in names if n not in rows or n == row["key"]]
        return (
            [_("{where}：公式引用了不存在的行 {rows}").format(where=where, rows=joined(missing))]
            if missing
            else []
        )
    key, params = parse_cell(spec)
    measure = MEASURES.get(key)
    if measure is None:
        return [_("{where}：未知的统计项 {key}").format(where=where, key=key)]
    extra = set(params) - set(measure.params)
    return (
        [
            _("{where}：统计项 {key} 不接受参数 {params}").format(
                where=where, key=key, params=joined(sorted(extra))
            )
        ]
        if extra
        else []
    )


@dataclass
class Cell:
    column: str = ""
    value: object = None  # int or Decimal; None for a blank cell
    spec: str = ""
    measure: object = None
    params: dict = field(default_factory=dict)

    @property
    def drillable(self):
        return self.measure is not None

    @property
    def is_money(self):
        return isinstance(self.value, Decimal)


@dataclass
class Check:
    text: str
    ok: bool


@dataclass
class Table:
    code: str
    title: str
    columns: list
    rows: list  # [(row dict, [Cell per column])]
    checks: list

    @property
    def label(self):
        """The table's code as people read it ("表一", "Table 1"); ``code`` names it in links."""
        return word(self.code)


def word(text):
    """A layout's word in the current language: the shipped layouts' words have English in the
    catalogue (``layout_words``); a label a district typed itself shows as typed."""
    return _(text) if text else text


def compute(definition, org, year, today=None):
    """Every table of ``definition`` for ``org``'s subtree and ``year``, with its checks. All
    measured cells of all tables are computed together: one query per source table."""
    span = Span(org, year, today) if today else Span(org, year)
    tables = copy.deepcopy(definition)["tables"]
    wanted = {}  # (table index, row key, column) -> (measure, params)
    for n, t in enumerate(tables):
        for row in t["rows"]:
            for col in (c["key"] for c in t["columns"]):
                key, params = parse_cell(row.get("cells", {}).get(col, ""))
                if key:
                    wanted[n, row["key"], col] = (MEASURES[key], params)
    cells = list(wanted.values())
    values = dict(zip(wanted, totals(span, cells), strict=True))
    return [_table(n, t, values, wanted) for n, t in enumerate(tables)]


def _table(n, t, values, wanted):
    keys = [c["key"] for c in t["columns"]]
    for item in (*t["columns"], *t["rows"]):
        item["label"] = word(item.get("label", ""))
    grid = {}
    for row in t["rows"]:
        for col in keys:
            if (n, row["key"], col) in wanted:
                measure, params = wanted[n, row["key"], col]
                value = values[n, row["key"], col]
                grid[row["key"], col] = Cell(col, value, measure.key, measure, params)
    for row in t["rows"]:  # formulas after every measured cell
        for col in keys:
            spec = row.get("cells", {}).get(col, "")
            if spec.startswith("="):
                grid[row["key"], col] = Cell(col, _formula(spec, grid, col), spec)
    rows = [(row, [grid.get((row["key"], col), Cell(col)) for col in keys]) for row in t["rows"]]
    labels = {row["key"]: row["label"] for row in t["rows"]}
    checks = [c for check in t.get("checks", []) for c in _check(check, grid, t["columns"], labels)]
    return Table(t["code"], word(t["title"]), t["columns"], rows, checks)


def _formula(spec, grid, col):
    total = 0
    for sign, name in formula_terms(spec):
        value = grid.get((name, col), Cell()).value
        total += sign * (value or 0)
    return total


def _check(check, grid, columns, labels):
    for column in columns:
        col = column["key"]
        if "parts" in check:
            total = grid.get((check["total"], col))
            parts = [grid.get((p, col)) for p in check["parts"]]
            if total is None or total.value is None or any(p is None for p in parts):
                continue
            added = sum((p.value for p in parts), Decimal(0) if _money(total) else 0)
            names = _("＋").join(labels[p] for p in check["parts"])
            yield Check(
                _("{column}：{total}（{value}）＝ {parts}（{added}）").format(
                    column=column["label"],
                    total=labels[check["total"]],
                    value=total.value,
                    parts=names,
                    added=added,
                ),
                total.value == added,
            )
        else:
            sub, of = grid.get((check["sub"], col)), grid.get((check["of"], col))
            if sub is None or of is None or sub.value is None or of.value is None:
                continue
            yield Check(
                _("{column}：{sub}（{value}）≤ {of}（{of_value}）").format(
                    column=column["label"],
                    sub=labels[check["sub"]],
                    value=sub.value,
                    of=labels[check["of"]],
                    of_value=of.value,
                ),
                sub.value <= of.value,
            )


def _money(cell):
    return isinstance(cell.value, Decimal)
