"""Excel export of proposals (xlsxwriter), written in memory; each export is audited."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.exports import workbook as safe_workbook

HEADERS = [
    gettext_lazy("编号"),
    gettext_lazy("类别"),
    gettext_lazy("题目"),
    gettext_lazy("建议人"),
    gettext_lazy("所在工会"),
    gettext_lazy("状态"),
    gettext_lazy("预计年效益（元）"),
    gettext_lazy("实际年效益（元）"),
    gettext_lazy("奖励金额（元）"),
    gettext_lazy("适用档次"),
    gettext_lazy("提交时间"),
]
MAX_ROWS = 50_000


def proposals_workbook(qs):
    buffer = io.BytesIO()
    book = safe_workbook(buffer, remove_timezone=True)
    sheet = book.add_worksheet(_("合理化建议"))
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, HEADERS, bold)
    count = 0
    for row, p in enumerate(qs.order_by("-created_at")[:MAX_ROWS].iterator(chunk_size=2000), 1):
        sheet.write_row(
            row,
            0,
            [
                p.number,
                p.get_kind_display(),
                p.title,
                p.author.name,
                p.org.name,
                p.get_status_display(),
            ],
        )
        for col, value in ((6, p.expected_benefit), (7, p.actual_benefit), (8, p.reward_amount)):
            if value is not None:
                sheet.write_number(row, col, float(value), money)
        sheet.write_string(row, 9, p.reward_band_text)
        sheet.write_string(row, 10, timezone.localtime(p.created_at).strftime("%Y-%m-%d %H:%M"))
        count = row
    sheet.set_column(0, 0, 14)
    sheet.set_column(2, 2, 36)
    sheet.set_column(6, 9, 16)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue(), count


def proposals_response(user, qs):
    data, count = proposals_workbook(qs.select_related("author", "org"))
    audit.record(user, "innovation.proposal.export", None, extra={"rows": count})
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _(
        "attachment; filename=\"proposals.xlsx\"; filename*=UTF-8''{quote}"
    ).format(quote=quote(_("合理化建议.xlsx")))
    return response
