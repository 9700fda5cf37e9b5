"""API of the reports: an org's subtree figures (the same source as every page) and the annual
statistics return."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.orgs.models import Org

from . import figures, returns

router = Router()


class FiguresOut(Schema):
    org_code: str
    members: int = Field(description="会员（在会、退休保留、失业保留）")
    by_status: dict[str, int]
    by_employment_form: dict[str, int]
    by_gender: dict[str, int]
    employers: int
    unionised_employers: int
    workers: int
    membership_rate: str | None = Field(description="入会率（%，全部单位职工口径）")
    unionisation_rate: str | None = Field(description="建会率（%，全部单位口径）")
    as_of: datetime.datetime | None = Field(description="统计数据截至的时间")
    stale_since: datetime.datetime | None = Field(description="数据过期的起始时间（未过期为空）")


@router.get("/figures/", response=FiguresOut, summary="组织统计数字（含下级）", url_name="figures")
def org_figures(request, org: str = ""):
    require_perm("reports.view_dashboard")
    code = org or Org.objects.get(path=request.scope.org_path).code
    target = get_scoped_or_404(Org.objects.visible(), "reports.view_dashboard", code=code)
    f = figures.subtree_figures(target)
    return {
        "org_code": target.code,
        "members": f.members,
        "by_status": f.by_status,
        "by_employment_form": f.by_form,
        "by_gender": f.by_gender,
        "employers": f.employers,
        "unionised_employers": f.unionised,
        "workers": f.workers,
        "membership_rate": None if f.membership_rate is None else str(f.membership_rate),
        "unionisation_rate": None if f.unionisation_rate is None else str(f.unionisation_rate),
        "as_of": f.as_of,
        "stale_since": f.state.stale_since if f.state else None,
    }


class ReturnCellOut(Schema):
    column: str
    value: str | None = Field(description="数值（金额为两位小数的字符串）；空单元格为 null")


class ReturnRowOut(Schema):
    key: str
    label: str
    cells: list[ReturnCellOut]


class ReturnCheckOut(Schema):
    text: str
    ok: bool


class ReturnTableOut(Schema):
    code: str
    title: str
    columns: list[dict[str, str]]
    rows: list[ReturnRowOut]
    checks: list[ReturnCheckOut]


class ReturnOut(Schema):
    org_code: str
    year: int
    title: str
    checks_ok: bool
    tables: list[ReturnTableOut]


@router.get("/annual/", response=ReturnOut, summary="工会统计年报（含下级）", url_name="annual")
def annual_return(request, year: int, org: str = ""):
    require_perm("reports.view_return")
    code = org or Org.objects.get(path=request.scope.org_path).code
    target = get_scoped_or_404(Org.objects.visible(), "reports.view_return", code=code)
    if not 2000 <= year <= datetime.date.today().year:
        raise HttpError(422, _("统计年度应在 2000 年至今年之间"))
    result = returns.annual_return(target, year)
    return {
        "org_code": target.code,
        "year": year,
        "title": result["title"],
        "checks_ok": returns.all_checks_pass(result["tables"]),
        "tables": [
            {
                "code": t.code,
                "title": t.title,
                "columns": [{"key": c["key"], "label": c["label"]} for c in t.columns],
                "rows": [
                    {
                        "key": row["key"],
                        "label": row["label"],
                        "cells": [
                            {"column": c.column, "value": None if c.value is None else str(c.value)}
                            for c in cells
                        ],
                    }
                    for row, cells in t.rows
                ],
                "checks": [{"text": c.text, "ok": c.ok} for c in t.checks],
            }
            for t in result["tables"]
        ],
    }
