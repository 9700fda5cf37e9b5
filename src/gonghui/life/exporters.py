"""Excel exports for the organiser (xlsxwriter, in memory, formulas never evaluated: a name
such as ``=HYPERLINK(...)`` is written as text). Each export is audited."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.exports import workbook
from gonghui.core.text.punctuation import annotated

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _response(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


RATE_HEADERS = {
    "signed": (gettext_lazy("正式报名"), gettext_lazy("报名率")),
    "attended": (gettext_lazy("签到参加"), gettext_lazy("参与率")),
    "enrolled": (gettext_lazy("报名学习"), gettext_lazy("报名率")),
    "completed": (gettext_lazy("结业"), gettext_lazy("结业率")),
}


def rates_sheet(book, rows, columns):
    """The participation rates per union (rolled up the tree) as a sheet: the union indented by
    its level, the members it is open to, each count and its percentage."""
    sheet = book.add_worksheet(_("参与率"))
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    percent = book.add_format({"num_format": "0.0%"})
    headers = [_("工会"), _("符合条件会员")]
    for c in columns:
        headers += [str(h) for h in RATE_HEADERS[c]]
    sheet.write_row(0, 0, headers, bold)
    for n, r in enumerate(rows, 1):
        sheet.write_string(n, 0, "　" * r["level"] + r["name"])
        sheet.write_number(n, 1, r["eligible"])
        for i, c in enumerate(columns):
            sheet.write_number(n, 2 + 2 * i, r[c])
            sheet.write_number(n, 3 + 2 * i, float(r[f"{c}_rate"]) / 100, percent)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1 + 2 * len(columns), 12)
    sheet.freeze_panes(1, 1)


def signups_workbook(activity, signups, rates=None):
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(_("报名名单"))
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    hours = book.add_format({"num_format": "0.0"})
    headers = [
        _("序号"),
        _("姓名"),
        _("会员证号"),
        _("所在工会"),
        _("报名状态"),
        _("报名时间"),
        _("签到时间"),
        _("签到方式"),
        _("计入时长（小时）"),
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
    if rates is not None:
        rates_sheet(book, rates, ("signed", "attended"))
    book.close()
    return buffer.getvalue()


def signups_response(user, activity, signups, rates=None):
    data = signups_workbook(activity, signups, rates)
    audit.record(user, "life.activity.export", activity, extra={"rows": len(signups)})
    return _response(data, _("{title}-报名名单.xlsx").format(title=activity.title[:40]))


def survey_workbook(survey, total, results):
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(_("问卷结果"))
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, survey.title, bold)
    sheet.write_string(1, 0, _("答卷数"))
    sheet.write_number(1, 1, total)
    row = 3
    for n, item in enumerate(results, 1):
        q = item["question"]
        sheet.write_string(row, 0, f"{n}. {annotated(q.text, q.get_kind_display())}", bold)
        row += 1
        for r in item.get("rows", []):
            sheet.write_string(row, 0, r["label"])
            sheet.write_number(row, 1, r["count"])
            sheet.write_string(row, 2, f"{r['percent']}%")
            row += 1
        if "mean" in item:
            sheet.write_string(row, 0, _("平均分"))
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
    return _response(data, _("{title}-问卷结果.xlsx").format(title=survey.title[:40]))


def enrolments_response(user, course, enrolments, rates):
    """The course's learners (members and officials) and its rates per union."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(_("学员名单"))
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    hours = book.add_format({"num_format": "0.0"})
    headers = [_("序号"), _("姓名"), _("身份"), _("会员证号"), _("所在工会"), _("学习状态"), _("报名时间"),
               _("出勤次数"), _("已获学时"), _("结业时间"), _("证书编号")]  # fmt: skip
    sheet.write_row(0, 0, headers, bold)
    for row, e in enumerate(enrolments, 1):
        sheet.write_number(row, 0, row)
        kind = _("会员") if e.member_id else _("工会干部")
        card = e.member.card_number if e.member_id else ""
        certificate = e.certificate_number if e.completed_at else ""
        values = [e.learner_name, kind, card, e.org.name, e.get_status_display(),
                  _when(e.enrolled_at)]  # fmt: skip
        for col, value in enumerate(values, 1):
            sheet.write_string(row, col, value)
        sheet.write_number(row, 7, e.sessions)
        sheet.write_number(row, 8, float(e.hours), hours)
        sheet.write_string(row, 9, _when(e.completed_at))
        sheet.write_string(row, 10, certificate)
    sheet.set_column(1, 10, 16)
    sheet.freeze_panes(1, 0)
    rates_sheet(book, rates, ("enrolled", "completed"))
    book.close()
    audit.record(user, "life.course.export", course, extra={"rows": len(enrolments)})
    return _response(buffer.getvalue(), _("{title}-学员名单.xlsx").format(title=course.title[:40]))


def learning_response(user, org, year, officials, members):
    """The learning record of the scope for ``year``: officials' hours and members' hours."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    hours = book.add_format({"num_format": "0.0"})
    sheet = book.add_worksheet(_("工会干部学时"))
    sheet.write_row(
        0, 0, [_("所在工会"), _("姓名"), _("职务"), _("{year}年学时").format(year=year)], bold
    )
    for row, o in enumerate(officials, 1):
        for col, value in enumerate([o.org.name, o.name, o.get_position_display()]):
            sheet.write_string(row, col, value)
        sheet.write_number(row, 3, float(o.hours or 0), hours)
    sheet.set_column(0, 2, 20)
    sheet = book.add_worksheet(_("会员学时"))
    sheet.write_row(
        0,
        0,
        [
            _("所在工会"),
            _("姓名"),
            _("会员证号"),
            _("课程数"),
            _("结业数"),
            _("{year}年学时").format(year=year),
        ],
        bold,
    )
    for row, m in enumerate(members, 1):
        for col, key in enumerate(["org__name", "member__name", "member__card_number"]):
            sheet.write_string(row, col, m[key])
        sheet.write_number(row, 3, m["courses"])
        sheet.write_number(row, 4, m["completed"])
        sheet.write_number(row, 5, float(m["hours"] or 0), hours)
    sheet.set_column(0, 2, 20)
    book.close()
    audit.record(user, "life.learning.export", org=org, extra={"year": year})
    return _response(buffer.getvalue(), _("{year}年学习档案.xlsx").format(year=year))
