"""Excel export of a round's nominations with their totals and ranks (no personal data)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.exports import workbook as safe_workbook

HEADERS = [
    gettext_lazy("名次"),
    gettext_lazy("被推荐对象"),
    gettext_lazy("所在单位"),
    gettext_lazy("推荐工会"),
    gettext_lazy("一线职工"),
    gettext_lazy("企业负责人"),
    gettext_lazy("状态"),
    gettext_lazy("总分"),
    gettext_lazy("计分评委数"),
    gettext_lazy("回避评委数"),
    gettext_lazy("公示开始"),
    gettext_lazy("公示结束"),
    gettext_lazy("证书编号"),
]


def ranking_workbook(round_, rows):
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("推荐名单"))
    bold = book.add_format({"bold": True})
    sheet.write(
        0,
        0,
        _("{title}（{year} 年度，名额 {quota}）").format(
            title=round_.title, year=round_.year, quota=round_.quota
        ),
        bold,
    )
    sheet.write_row(1, 0, [str(h) for h in HEADERS], bold)
    for i, row in enumerate(rows, start=2):
        n = row["item"]["nomination"]
        sheet.write_row(
            i,
            0,
            [
                row["rank"] or "",
                n.nominee_name,
                n.unit_name,
                n.org.name,
                _("是") if n.is_frontline else "",
                _("是") if n.is_enterprise_head else "",
                n.get_status_display(),
                float(row["total"]) if row["total"] is not None else "",
                row["item"]["judges_counted"],
                len(row["item"]["judges_recused"]),
                str(n.notice_start or ""),
                str(n.notice_end or ""),
                n.certificate_no,
            ],
        )
    sheet.set_column(1, 3, 24)
    book.close()
    return buffer.getvalue()
