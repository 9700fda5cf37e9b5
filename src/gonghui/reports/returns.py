"""The annual statistics return (工会统计年报): which layout applies, computing it for an org's
subtree and year, the drill-down list behind a figure, the .xlsx in the layout, and saving a
district's edited layout."""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.versions import require_current_version
from gonghui.orgs.models import Org

from . import layouts
from .measures import MEASURES, Span
from .models import ReturnLayout


def top_org(org):
    """The top org of ``org``'s tree (the district), which owns the layouts."""
    return Org.objects.get(path=org.path[: org.steplen])


def layout_for(org, year):
    """(definition, ReturnLayout or None): the district's layout for ``year``, else its newest
    earlier one, else the shipped default."""
    saved = ReturnLayout.objects.filter(org=top_org(org), year__lte=year).order_by("-year").first()
    if saved is not None:
        return saved.definition, saved
    return layouts.default_definition(year), None


def annual_return(org, year):
    definition, saved = layout_for(org, year)
    return {
        "as_of": Span(org, year).end,
        "title": layouts.word(definition.get("title")) or _("工会统计年报"),
        "tables": layouts.compute(definition, org, year),
        "layout": saved,
    }


def all_checks_pass(tables):
    return all(check.ok for table in tables for check in table.checks)


def drill(org, year, table_code, row_key, col_key):
    """The measure, parameters and rows behind one figure; None when the cell is no measure."""
    definition, _saved = layout_for(org, year)
    for table in definition["tables"]:
        if table["code"] != table_code:
            continue
        for row in table["rows"]:
            if row["key"] == row_key:
                key, params = layouts.parse_cell(row.get("cells", {}).get(col_key, ""))
                if key in MEASURES:
                    measure = MEASURES[key]
                    return table, row, measure, measure.rows(Span(org, year), **params)
    return None


def workbook(org, year, result):
    """The return as .xlsx: one sheet per table in the layout's rows and columns."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1})
    money = book.add_format({"border": 1, "num_format": "#,##0.00"})
    for table in result["tables"]:
        sheet = book.add_worksheet(table.code[:31])
        # Text always through write_string: a label the district typed as "=..." stays text.
        sheet.write_string(0, 0, f"{result['title']} {table.code} {table.title}", bold)
        sheet.write_string(
            1,
            0,
            _("填报单位：{org}    统计年度：{year} 年（截至 {end}）").format(
                org=org.name, year=year, end=Span(org, year).end.isoformat()
            ),
        )
        for j, label in enumerate([_("项目"), *[c["label"] for c in table.columns]]):
            sheet.write_string(3, j, label, head)
        for i, (row, cells) in enumerate(table.rows, start=4):
            sheet.write_string(i, 0, row["label"], cell)
            for j, c in enumerate(cells, start=1):
                if c.value is None:
                    sheet.write_blank(i, j, None, cell)
                elif isinstance(c.value, int):
                    sheet.write_number(i, j, c.value, cell)
                else:
                    sheet.write_number(i, j, c.value, money)  # Decimal yuan, shown to the fen
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, len(table.columns), 16)
    book.close()
    return buffer.getvalue()


@transaction.atomic
def save_layout(*, actor, org, year, definition, version=None):
    """Save the district's layout of ``year`` (validated; audited; refused on a stale version).

    Only the top org of the tree holds layouts: a street or union cannot change the forms."""
    require_perm("reports.edit_return_layout")
    top = top_org(org)
    if current_scope().org_path != top.path:
        raise ValidationError(_("只有区总工会可以修改统计年报表式"))
    layouts.validate(definition)
    layout = ReturnLayout.objects.select_for_update().filter(org=top, year=year).first()
    if layout is None:
        layout = ReturnLayout.objects.create(
            org=top, year=year, definition=definition, updated_by=actor
        )
        audit.record(actor, "reports.return_layout.create", layout, org=top, extra={"year": year})
        return layout
    require_current_version(layout, version, _("表式已被他人修改，请刷新后重试"))
    layout.definition = definition
    layout.version += 1
    layout.updated_by = actor
    layout.save()
    audit.record(
        actor,
        "reports.return_layout.update",
        layout,
        org=top,
        extra={"year": year, "version": layout.version},
    )
    return layout
