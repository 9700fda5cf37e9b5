"""Excel export of a round's nominations with their totals and ranks (no personal data)."""

import io

from gonghui.core.exports import workbook as safe_workbook

HEADERS = [
    "名次",
    "被推荐对象",
    "所在单位",
    "推荐工会",
    "一线职工",
    "企业负责人",
    "状态",
    "总分",
    "计分评委数",
    "回避评委数",
    "公示开始",
    "公示结束",
    "证书编号",
]


def ranking_workbook(round_, rows):
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet("推荐名单")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, f"{round_.title}（{round_.year} 年度，名额 {round_.quota}）", bold)
    sheet.write_row(1, 0, HEADERS, bold)
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
                "是" if n.is_frontline else "",
                "是" if n.is_enterprise_head else "",
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
