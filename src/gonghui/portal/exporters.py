"""Excel export of the officials' roster (every cell written as text: no formulas)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.exports import workbook

HEADERS = [
    gettext_lazy("所在工会"),
    gettext_lazy("姓名"),
    gettext_lazy("性别"),
    gettext_lazy("职务"),
    gettext_lazy("专职"),
    gettext_lazy("任职日期"),
    gettext_lazy("本届任期开始"),
    gettext_lazy("本届任期届满"),
    gettext_lazy("培训学时"),
    gettext_lazy("会员证号"),
]


def officials_workbook(officials):
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(_("工会干部名册"))
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    sheet.write_row(0, 0, HEADERS, head)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, len(HEADERS) - 1, 14)
    for row, o in enumerate(officials, start=1):
        values = [
            o.org.name,
            o.name,
            o.get_gender_display() or "—",
            o.get_position_display(),
            _("是") if o.is_full_time else _("否"),
            o.start_date.isoformat(),
            o.term.start_date.isoformat(),
            o.term.end_date.isoformat(),
            f"{o.training_hours:.1f}",
            o.linked_member.card_number if o.linked_member else "",
        ]
        for column, value in enumerate(values):
            sheet.write_string(row, column, value)
    book.close()
    return buffer.getvalue()
