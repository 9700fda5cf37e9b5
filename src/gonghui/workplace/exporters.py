"""Excel exports of the module's lists (xlsxwriter, streamed from a bounded queryset)."""

import io

from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.text.punctuation import joined

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000


MONEY = "#,##0.00"  # yuan, grouped, two places (¥12,500.00 on the pages)


def xlsx_response(filename, sheet, headers, rows, number_formats=None):
    """``number_formats``: {column: Excel number format} of the columns holding amounts."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer, default_date_format="yyyy-mm-dd")
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    ws.write_row(0, 0, headers, bold)
    ws.freeze_panes(1, 0)
    formats = {col: book.add_format({"num_format": f}) for col, f in (number_formats or {}).items()}
    for i, row in enumerate(rows, start=1):
        if i > MAX_ROWS:
            break
        for col, value in enumerate(row):
            if value is None:
                ws.write_blank(i, col, None)
            else:
                ws.write(i, col, value, formats.get(col))
    ws.set_column(0, len(headers) - 1, 16)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{escape_uri_path(filename)}"
    )
    return response


def _yes(flag):
    return _("是") if flag else ""


def disclosures_xlsx(qs):
    rows = (
        [
            d.employer.name,
            d.category.name,
            d.title,
            d.decision_date,
            d.get_status_display(),
            d.post_due,
            d.posted_on,
            d.display_until,
            d.display_days,
            _yes(d.is_late),
            _yes(d.is_short),
            joined(d.channel_labels()),
        ]
        for d in qs
    )
    return xlsx_response(
        _("厂务公开事项.xlsx"),
        _("厂务公开"),
        [
            _("单位"),
            _("类别"),
            _("标题"),
            _("决定日期"),
            _("状态"),
            _("应公开期限"),
            _("公开日期"),
            _("公开截止"),
            _("公开天数"),
            _("逾期公开"),
            _("公开时间不足"),
            _("渠道"),
        ],
        rows,
    )


def contracts_xlsx(qs):
    rows = (
        [
            c.title,
            c.get_kind_display(),
            c.get_coverage_display(),
            c.employer_party,
            c.get_status_display(),
            c.start_date,
            c.end_date,
            c.workers_covered,
            c.wage_growth_pct,
            c.lowest_wage,
            c.pay_day,
            c.approved_on,
            c.delegates_total,
            c.delegates_present,
            c.votes_for,
            c.votes_against,
            c.signed_on,
            c.filing_due,
            c.filed_on,
            c.review_ends,
            c.effective_on,
            c.publish_due,
            c.published_on,
        ]
        for c in qs
    )
    return xlsx_response(
        _("集体合同.xlsx"),
        _("集体合同"),
        [
            _("名称"),
            _("类型"),
            _("范围"),
            _("企业方"),
            _("状态"),
            _("期限开始"),
            _("期限届满"),
            _("覆盖职工"),
            _("工资增幅%"),
            _("企业最低工资"),
            _("工资支付日"),
            _("职代会表决日"),
            _("全体代表"),
            _("出席"),
            _("赞成"),
            _("反对"),
            _("签字日"),
            _("报送期限"),
            _("报送日"),
            _("审查期满"),
            _("生效日"),
            _("公布期限"),
            _("公布日"),
        ],
        rows,
        number_formats={8: "0.00", 9: MONEY},  # 工资增幅%, 企业最低工资
    )


def commitments_xlsx(qs):
    rows = (
        [
            c.title,
            c.employer.name,
            joined(c.pledge_labels()),
            c.start_date,
            c.end_date,
            c.signed_on,
            c.workers_covered,
            joined((_target_text(t) for t in c.targets.all()), "semicolon"),
            c.get_status_display(),
            c.check_count,
            c.outcome,
        ]
        for c in qs.prefetch_related("targets")
    )
    return xlsx_response(
        _("共同约定行动.xlsx"),
        _("共同约定行动"),
        [_("名称"), _("单位"), _("约定内容"), _("开始"), _("结束"), _("签订日"), _("覆盖职工"), _("约定目标（完成/目标）"),
         _("状态"), _("检查次数"), _("履行结果")],
        rows,
    )  # fmt: skip


def _target_text(t):
    done = "—" if t.actual_value is None else floatformat(t.actual_value, "-2g")
    return f"{t.name} {done}/{floatformat(t.target_value, '-2g')}{t.unit}"


def compliance_xlsx(overview, year):
    rows = (
        [r["org"].name, r["employers"], r["complete"], r["missing"], r["late"], r["short"]]
        for r in overview["rows"]
    )
    return xlsx_response(
        _("厂务公开合规情况{year}.xlsx").format(year=year),
        str(year),
        [
            _("组织"),
            _("建会单位"),
            _("应公开类别齐全"),
            _("缺少类别（项次）"),
            _("逾期公开"),
            _("公开时间不足"),
        ],
        rows,
    )
