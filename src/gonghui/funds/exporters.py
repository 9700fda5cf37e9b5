"""Excel exports of union money, through the formula-safe workbook (a payer's name such as
``=HYPERLINK(...)`` from a statement is written as text). Amounts are numbers formatted with
two places."""

import io

from django.utils.translation import gettext as _

from gonghui.core.exports import workbook


class _Sheet:
    def __init__(self, book, title, headers, widths=None):
        self.sheet = book.add_worksheet(title)
        self.money = book.add_format({"num_format": "#,##0.00"})
        self.bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
        self.sheet.write_row(0, 0, headers, self.bold)
        for col, width in enumerate(widths or []):
            self.sheet.set_column(col, col, width)
        self.row = 0

    def add(self, values):
        self.row += 1
        for col, value in enumerate(values):
            if value is None:
                self.sheet.write_blank(self.row, col, None)
            elif isinstance(value, str):
                self.sheet.write_string(self.row, col, value)
            else:  # Decimal amounts
                self.sheet.write_number(self.row, col, float(value), self.money)


def _book():
    buffer = io.BytesIO()
    return buffer, workbook(buffer)


def arrears_workbook(rows, year, month):
    buffer, book = _book()
    s = _Sheet(book, _("欠缴%(year)s年1-%(month)s月") % {"year": year, "month": month}, [_("街道/产业工会"), _("单位名称"), _("统一社会信用代码"), _("款项"),
               _("申报月工资总额"), _("应缴"), _("已到账"), _("欠缴"), _("财务联系人")], [18, 30, 22, 12, 14, 12, 12, 12, 12])  # fmt: skip
    for r in rows:
        s.add([r.street.name if r.street else "", r.employer.name, r.employer.credit_code,
               str(r.kind_label), r.monthly_payroll, r.expected, r.received, r.owed, r.contact_name])  # fmt: skip
    book.close()
    return buffer.getvalue()


def reconciliation_workbook(report):
    buffer, book = _book()
    s = _Sheet(book, _("待匹配到账"), [_("流水号"), _("来源"), _("入库日期"), _("所属期"), _("缴款单位"), _("统一社会信用代码"), _("金额")],
               [20, 10, 12, 10, 30, 22, 12])  # fmt: skip
    for line in report["unmatched"]:
        s.add([line.serial, str(line.get_channel_display()), f"{line.paid_on:%Y-%m-%d}",
               f"{line.period:%Y-%m}", line.payer_name, line.payer_code, line.amount])  # fmt: skip
    d = _Sheet(
        book,
        _("应缴与到账不符"),
        [_("单位名称"), _("应缴"), _("到账"), _("差额")],
        [30, 12, 12, 12],
    )
    for row in report["differences"]:
        d.add([row["employer"].name, row["expected"], row["received"], row["difference"]])
    b = _Sheet(
        book,
        _("余额与分录不符"),
        [_("单位"), _("科目"), _("余额"), _("分录合计")],
        [30, 16, 12, 12],
    )
    for row in report["drift"]:
        b.add([row["org"].name, str(row["account"]), row["balance"], row["postings"]])
    t = _Sheet(book, _("拨付上解与银行流水"), [_("情况"), _("单位"), _("日期"), _("对方户名/摘要"), _("金额")],
               [20, 30, 12, 30, 12])  # fmt: skip
    for line in report.get("bank_unmatched", []):
        t.add(
            [
                _("银行有、账上没有"),
                line.org.name,
                f"{line.on:%Y-%m-%d}",
                line.counterpart,
                line.amount,
            ]
        )
    for p in report.get("transfers_open", []):
        t.add(
            [
                _("账上有、银行流水未见"),
                p.org.name,
                f"{p.entry.occurred_on:%Y-%m-%d}",
                p.entry.description,
                p.amount,
            ]
        )
    book.close()
    return buffer.getvalue()


def annual_report_workbook(context):
    r = context["r"]
    buffer, book = _book()
    s = _Sheet(
        book,
        _("%(year)s年收支") % {"year": r["year"]},
        [_("项目"), _("预算"), _("金额"), _("预算结余")],
        [34, 14, 14, 14],
    )
    s.add([_("年初银行存款余额"), None, r["opening"], None])
    for label, amount in r["income"]:
        s.add([_("收入：%(label)s") % {"label": label}, None, amount, None])
    s.add([_("收入合计"), None, r["total_income"], None])
    for line in r["lines"]:
        s.add(
            [
                _("支出：%(category)s · %(title)s")
                % {"category": line.get_category_display(), "title": line.title},
                line.amount,
                line.spent,
                line.left,
            ]
        )
    s.add([_("支出合计"), r["budget"], r["spending"], r["budget"] - r["spending"]])
    if r["transfers_out"]:
        s.add([_("拨出/上解"), None, r["transfers_out"], None])
    s.add([_("年末银行存款余额"), None, r["closing"], None])
    review = context.get("review")
    if review is not None and review.opinion:
        s.add(
            [_("经费审查委员会意见：%(opinion)s") % {"opinion": review.opinion}, None, None, None]
        )
    book.close()
    return buffer.getvalue()
