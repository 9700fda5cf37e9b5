"""Excel exports for the organiser (xlsxwriter, in memory, formulas never evaluated: a name
such as ``=HYPERLINK(...)`` is written as text). Each export is audited."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from gonghui.core import audit
from gonghui.core.exports import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _response(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def signups_workbook(activity, signups):
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("报名名单")
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    hours = book.add_format({"num_format": "0.0"})
    headers = [
        "序号",
        "姓名",
        "会员证号",
        "所在工会",
        "报名状态",
        "报名时间",
        "签到时间",
        "签到方式",
        "计入时长（小时）",
    ]
    sheet.write_row(0, 0, headers, bold)
    for row, s in enumerate(signups, 1):
        sheet.write_number(row, 0, row)
        values = [s.member.name, s.member.card_number, s.org.name, s.get_status_display(),
                  _when(s.signed_at), _when(s.checked_in_at), s.get_checkin_method_display()]  # fmt: skip
        for col, value in enumerate(values, 1):
            sheet.write_string(row, col, value)
        sheet.write_number(row, 8, float(s.hours), hours)
    sheet.set_column(1, 3, 18)
    sheet.set_column(5, 6, 18)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def signups_response(user, activity, signups):
    data = signups_workbook(activity, signups)
    audit.record(user, "life.activity.export", activity, extra={"rows": len(signups)})
    return _response(data, f"{activity.title[:40]}-报名名单.xlsx")


def survey_workbook(survey, total, results):
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("问卷结果")
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, survey.title, bold)
    sheet.write_string(1, 0, "答卷数")
    sheet.write_number(1, 1, total)
    row = 3
    for n, item in enumerate(results, 1):
        q = item["question"]
        sheet.write_string(row, 0, f"{n}. {q.text}（{q.get_kind_display()}）", bold)
        row += 1
        for r in item.get("rows", []):
            sheet.write_string(row, 0, r["label"])
            sheet.write_number(row, 1, r["count"])
            sheet.write_string(row, 2, f"{r['percent']}%")
            row += 1
        if "mean" in item:
            sheet.write_string(row, 0, "平均分")
            sheet.write_string(row, 1, str(item["mean"]))
            row += 1
        for text in item.get("texts", []):
            sheet.write_string(row, 0, text)
            row += 1
        row += 1
    sheet.set_column(0, 0, 50)
    book.close()
    return buffer.getvalue()


def survey_response(user, survey, total, results):
    data = survey_workbook(survey, total, results)
    audit.record(user, "life.survey.export", survey, extra={"answers": total})
    return _response(data, f"{survey.title[:40]}-问卷结果.xlsx")
