"""Excel export of hardship files: masked unless the role may export sensitive columns."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.masking import mask_account, mask_id_number

HEADERS = [
    gettext_lazy("档案编号"),
    gettext_lazy("所在工会"),
    gettext_lazy("申请人"),
    gettext_lazy("身份证号"),
    gettext_lazy("状态"),
    gettext_lazy("困难类别"),
    gettext_lazy("家庭人口"),
    gettext_lazy("适用低保标准"),
    gettext_lazy("银行账号"),
    gettext_lazy("审核期限"),
    gettext_lazy("建档日期"),
]
DIBAO_COLUMN = 7


def files_workbook(files, *, full):
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("困难职工档案"))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, HEADERS, bold)
    for row, f in enumerate(files, start=1):
        id_number = f.applicant.id_number if f.applicant_id else ""
        sheet.write_row(
            row,
            0,
            [
                f.number or "",
                f.org.name,
                f.applicant_name,
                id_number if full else mask_id_number(id_number),
                f.get_status_display(),
                f.get_category_display(),
                f.household_size,
                "",  # the dibao standard: a number in yuan, written below
                f.bank_account if full else mask_account(f.bank_account),
                f.review_due.isoformat() if f.review_due else "",
                f.filed_on.isoformat() if f.filed_on else "",
            ],
        )
        if f.dibao_amount is not None:
            sheet.write_number(row, DIBAO_COLUMN, float(f.dibao_amount), money)
        else:
            sheet.write_blank(row, DIBAO_COLUMN, None)
    sheet.set_column(0, len(HEADERS) - 1, 16)
    book.close()
    return buffer.getvalue()
