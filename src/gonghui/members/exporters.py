"""Excel exports: the filtered roster (masked unless revealed) and the statistics tables."""

import datetime
import io

from django.utils.translation import gettext as _

from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.text.punctuation import joined

EXPORT_BATCH = 2000


# i18n: data (the roster import's headings: the export imports back as a no-op)
ROSTER_HEADERS = [  # i18n: data
    "会员证号",  # i18n: data
    "姓名",  # i18n: data
    "性别",  # i18n: data
    "民族",  # i18n: data
    "出生日期",  # i18n: data
    "身份证号",  # i18n: data
    "手机号",  # i18n: data
    "学历",  # i18n: data
    "政治面貌",  # i18n: data
    "用工形式",  # i18n: data
    "工作单位",  # i18n: data
    "所在工会",  # i18n: data
    "入会日期",  # i18n: data
    "会籍状态",  # i18n: data
]
DATE_COLUMNS = {"出生日期", "入会日期"}  # i18n: data


def roster_workbook(members, *, reveal_id=False, reveal_phone=False):
    """The members as .xlsx that staff can reuse: dates as Excel dates, coded values as their
    Chinese labels, ID and phone numbers as text (masked unless revealed), headers the roster
    import reads, so the file imports back as a no-op. No cell can become a formula or a link.
    Returns (bytes, rows)."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer, constant_memory=True)
    sheet = book.add_worksheet(_("会员名册"))
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ROSTER_HEADERS, head)
    sheet.set_column(0, len(ROSTER_HEADERS) - 1, 16, text)
    dates = {ROSTER_HEADERS.index(h) for h in DATE_COLUMNS}
    for j in dates:
        sheet.set_column(j, j, 12, day)
    count = 0
    for count, m in enumerate(members.iterator(chunk_size=EXPORT_BATCH), start=1):
        cells = [
            m.card_number,
            m.name,
            m.get_gender_display(),
            m.ethnicity,
            # beside a masked ID number the birth date would narrow it to a handful (issue 12)
            m.birth_date if reveal_id else None,
            m.id_number if reveal_id else mask_id_number(m.id_number),
            m.phone if reveal_phone else mask_phone(m.phone),
            m.get_education_display(),
            m.get_political_status_display(),
            m.get_employment_form_display(),
            m.employer.name if m.employer_id else "",
            m.org.name,
            m.join_date,
            m.get_status_display(),
        ]
        for j, value in enumerate(cells):
            if j in dates and value:
                sheet.write_datetime(
                    count, j, datetime.datetime.combine(value, datetime.time()), day
                )
            else:
                sheet.write_string(count, j, str(value or ""), text)
    book.close()
    return buffer.getvalue(), count


def statistics_workbook(stats):
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    sheet = book.add_worksheet(_("会员统计"))
    sheet.set_column(0, 3, 22)
    row = 0
    sheet.write_row(row, 0, [_("{name}（含下级）会员统计").format(name=stats["org"].name)], head)
    row += 2
    for title, pairs in (
        (_("会籍状态"), stats["by_status"]),
        (_("用工形式"), stats["by_form"]),
        (_("性别"), stats["by_gender"]),
        (_("年龄段"), stats["by_age"]),
    ):
        sheet.write_row(row, 0, [title, _("人数")], head)
        for label, n in pairs:
            row += 1
            sheet.write_row(row, 0, [str(label), n])
        row += 2
    sheet.write_row(row, 0, [_("月份"), _("入会"), _("减少")], head)
    for month, joins, leaves in stats["by_month"]:
        row += 1
        sheet.write_row(row, 0, [month, joins, leaves])
    row += 2
    c = stats["coverage"]
    sheet.write_row(row, 0, [_("覆盖率"), _("数值"), _("口径")], head)
    pct = book.add_format({"num_format": "0.0"})
    for label, value, number_format in (
        (_("会员数（保留会籍）"), c["members"], None),
        (_("职工人数（分母）"), c["worker_base"], None),
        (_("入会率 %"), c["membership_rate"], pct),
        (_("已建会单位数"), c["unionised_employers"], None),
        (_("单位数（分母）"), c["employer_base"], None),
        (_("建会率 %"), c["unionisation_rate"], pct),
    ):
        row += 1
        sheet.write_string(row, 0, str(label))
        if value is None:
            sheet.write_string(row, 1, "—")
        else:  # a count, or a rate in percent with one place (35.7)
            sheet.write_number(row, 1, float(value), number_format)
        sheet.write_string(row, 2, str(c["denominator_label"]))
    row += 1
    sheet.write_row(
        row, 0, [_("说明"), joined(filter(None, [c["explanation"], c["setting"]]), "semicolon")]
    )
    book.close()
    return buffer.getvalue()
