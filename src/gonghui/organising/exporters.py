"""Excel export of employers without a union (through the formula-safe workbook)."""

import io

from django.utils.translation import gettext as _

from gonghui.core.exports import workbook

from .enums import Stage

COLUMNS = [
    _("单位名称"), _("统一社会信用代码"), _("所属街道/产业工会"), _("行业"), _("经济类型"),
    _("职工人数"), _("阶段"), _("组织员"), _("下次走访"),
]  # fmt: skip


def employers_workbook(employers):
    """The rows of the list as an .xlsx (bytes)."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(_("未建会单位"))
    bold = book.add_format({"bold": True})
    for col, label in enumerate(COLUMNS):
        sheet.write(0, col, str(label), bold)
    for row, e in enumerate(employers, start=1):
        prospect = getattr(e, "prospect", None)
        organiser = prospect.organiser if prospect else None
        next_visit = prospect.next_visit_on if prospect else None
        values = [
            e.name, e.credit_code, e.org.name, str(e.get_industry_display()),
            str(e.get_ownership_display()), e.headcount,
            str(prospect.get_stage_display() if prospect else Stage.FOUND.label),
            (organiser.full_name or organiser.username) if organiser else "",
            next_visit.isoformat() if next_visit else "",
        ]  # fmt: skip
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 2, 22)
    book.close()
    return buffer.getvalue()
