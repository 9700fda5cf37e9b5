"""Excel export of a competition board (xlsxwriter, in memory; audited)."""

import io
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core import audit
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.text.punctuation import annotated


def board_workbook(campaign, board):
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("排名"))
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    sheet.write(0, 0, campaign.theme, bold)
    sheet.write(1, 0, board["tie_rule"])
    headers = [_("名次"), _("班组"), pgettext("an organisation", "单位"), _("加权总分")] + [
        annotated(i["name"], i["unit"]) for i in board["indicators"]
    ]
    sheet.write_row(3, 0, headers, bold)
    for row, r in enumerate(board["rows"], start=4):
        sheet.write_row(row, 0, [r["rank"], r["team"], r["unit"], float(Decimal(r["total"]))])
        for col, value in enumerate(r["values"], start=4):
            if value is not None:
                sheet.write_number(row, col, float(Decimal(value)))
    sheet.set_column(1, 2, 24)
    book.close()
    return buffer.getvalue()


def board_response(user, campaign, board):
    audit.record(user, "contests.board.export", campaign)
    response = HttpResponse(
        board_workbook(campaign, board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"board.xlsx\"; filename*=UTF-8''"
        + quote(_("{theme}排名.xlsx").format(theme=campaign.theme))
    )
    return response
