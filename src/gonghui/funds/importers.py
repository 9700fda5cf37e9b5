"""The tax office's or bank's statement of union funds, imported through the core import
framework (template, column mapping, preview with errors by row, all-or-nothing commit)."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.imports.base import Column, Importer
from gonghui.core.imports.cells import parse_day
from gonghui.core.imports.registry import register
from gonghui.core.text.normalize import parse_date, parse_decimal
from gonghui.core.text.uscc import check_uscc

from .enums import Channel
from .models import BankLine, StatementLine
from .services.ledger import apply_balances
from .services.remittances import import_statement_lines


def parse_amount(raw):
    value, error = parse_decimal(raw, places=2, allow_negative=False)
    if error or value is None or value <= 0:
        return None, _("金额须为大于 0 的数，最多两位小数")
    if value >= 10**12:
        return None, _("金额过大")
    return value, None


def parse_period(raw):
    """所属期: "2026-03", "2026年3月", "202603" or a date in the month."""
    text = str(raw).strip().replace("年", "-").replace("月", "")  # i18n: data
    text = text.replace("/", "-").replace(".", "-")
    if text.isdigit() and len(text) == 6:
        text = f"{text[:4]}-{text[4:]}"
    if text.count("-") == 1:
        text += "-1"
    value, error = parse_date(text if isinstance(raw, str) else raw)
    if error or value is None:
        return None, _("无法识别的所属期，请写成 2026-03")
    return value.replace(day=1), None


def parse_code(text):
    value, error = check_uscc(text)
    return (value, None) if not error else (None, error)


@register
class StatementImporter(Importer):
    key = "funds_statement"
    label = gettext_lazy("导入经费到账明细")
    permission = "funds.import_statement"
    description = gettext_lazy(
        "税务代收或银行到账的工会经费（含建会筹备金）明细：每行一笔。流水号/票证号不能重复，"
        "同一明细再次导入不会重复入账；认不出的缴款单位列入“待匹配”，匹配一次后记住。"
    )
    columns = [
        Column("serial", "流水号", required=True, aliases=("票证号", "交易流水号", "电子税票号码"),
               example="332026030100001"),
        Column("channel", "来源", codes=tuple(Channel.choices), example="税务代收",
               help="税务代收或银行到账，空着按税务代收"),
        Column("paid_on", "入库日期", required=True, parser=parse_day, keep_raw=True,
               aliases=("到账日期", "缴款日期", "交易日期"), example="2026-03-15"),
        Column("period", "所属期", required=True, parser=parse_period, keep_raw=True,
               aliases=("税款所属期", "所属月份"), example="2026-03"),
        Column("payer_name", "缴款单位", required=True, aliases=("纳税人名称", "付款人名称", "单位名称"),
               example="某某机械有限公司"),
        Column("payer_code", "统一社会信用代码", parser=parse_code,
               aliases=("纳税人识别号", "信用代码"), example=""),
        Column("amount", "金额", required=True, parser=parse_amount, keep_raw=True,
               aliases=("实缴金额", "到账金额", "金额（元）"), example="4000.00"),
    ]  # fmt: skip
    pure_parsers = True  # dates, periods, codes and amounts repeat across a month's statement

    def check_batch(self, rows):
        seen = {}
        for row in rows:
            if not row.ok:
                continue
            key = (row.values.get("channel") or Channel.TAX, row.values["serial"])
            if key in seen:
                row.error(self.column("serial").label, _("与第 %(n)s 行重复") % {"n": seen[key]})
            seen[key] = row.number
        serials = [s for _c, s in seen]
        known = set(
            # Unscoped: channel + serial is unique across the district: a line any union imported is not new.
            StatementLine.unscoped.filter(serial__in=serials).values_list("channel", "serial")
        )
        for row in rows:
            if row.ok:
                key = (row.values.get("channel") or Channel.TAX, row.values["serial"])
                row.action = "unchanged" if key in known else "create"

    def commit(self, rows):
        """Import and post a batch; the balances move once for the whole file, in ``close``."""
        if self._balances is None:
            self._balances = defaultdict(Decimal)
        try:
            return self._commit(rows)
        except BaseException:
            self._balances = None  # the transaction rolls back: nothing to move
            raise

    def _commit(self, rows):
        counts = {}
        by_channel = {}
        for row in rows:
            if row.action != "unchanged":
                by_channel.setdefault(row.values.get("channel") or Channel.TAX, []).append(
                    row.values
                )
        for channel, lines in by_channel.items():
            for label, n in import_statement_lines(
                actor=self.ctx.actor, org=self.ctx.org, channel=channel, lines=lines,
                balances=self._balances,
            ).items():  # fmt: skip
                counts[label] = counts.get(label, 0) + n
        skipped = sum(1 for r in rows if r.action == "unchanged")
        if skipped:
            counts[_("已导入过")] = counts.get(_("已导入过"), 0) + skipped
        return counts

    _balances = None  # the balance deltas of every batch committed so far

    def close(self):
        """Before the import's transaction ends: move the balances by what every batch posted,
        under the row locks taken in (org, account) order (``apply_balances``). Each balance is
        locked and updated once per file rather than once per batch (rows updated again and
        again in one transaction leave a chain of versions every later lookup walks). After a
        batch failed the transaction rolls back, so nothing is moved."""
        deltas, self._balances = self._balances, None
        if deltas:
            apply_balances(deltas)


@register
class DuesPaymentImporter(Importer):
    """Dues paid, from a bank's or the payroll office's file: one row per member and month."""

    key = "funds_dues"
    label = gettext_lazy("导入会费缴纳记录")
    permission = "funds.manage_dues"
    description = gettext_lazy(
        "银行代收或工资代扣的会费缴纳记录：每行一名会员一个月，按会员证号对应会费清册；"
        "已登记缴纳的行不再重复入账。"
    )
    columns = [
        Column("card_number", "会员证号", required=True, aliases=("会员卡号", "证号"), example="HP-00001"),
        Column("month", "月份", required=True, parser=parse_period, keep_raw=True,
               aliases=("所属月份", "缴费月份"), example="2026-03"),
        Column("amount", "金额", parser=parse_amount, keep_raw=True, aliases=("缴纳金额", "实缴金额"),
               example="25.00"),
    ]  # fmt: skip

    def check_batch(self, rows):
        from .models import DuesLine

        wanted = [r for r in rows if r.ok]
        found = {
            (line.member.card_number, line.roll.month): line
            for line in DuesLine.objects.filter(
                member__card_number__in=[r.values["card_number"] for r in wanted],
                roll__month__in={r.values["month"] for r in wanted},
            ).select_related("member", "roll")
        }
        for row in wanted:
            line = found.get((row.values["card_number"], row.values["month"]))
            if line is None:
                row.error(
                    self.column("card_number").label,
                    _("该会员这个月不在本会的会费清册中（请先生成清册）"),
                )
            elif row.values.get("amount") is not None and row.values["amount"] != line.amount:
                row.error(
                    self.column("amount").label,
                    _("与应缴 %(amount)s 元不符") % {"amount": line.amount},
                )
            else:
                row.values["line"] = line
                row.action = "unchanged" if line.status != "due" else "pay"

    def commit(self, rows):
        from .services.dues import mark_dues_paid

        due = [r.values["line"] for r in rows if r.action == "pay"]
        paid = mark_dues_paid(actor=self.ctx.actor, lines=due) if due else 0
        return {_("登记缴纳"): paid, _("此前已缴"): sum(1 for r in rows if r.action == "unchanged")}


def parse_money_cell(raw):
    """An amount column that may be blank (a bank prints money in and out in two columns)."""
    value, error = parse_decimal(raw, places=2, allow_negative=False)
    if error:
        return None, _("金额须为不小于 0 的数，最多两位小数")
    return value, None


@register
class BankTransferImporter(Importer):
    """An org's bank statement, to reconcile the transfers down (拨付) and up (上解) recorded on
    the ledger: each line is matched to a recorded transfer (amount, date, and voucher number or
    counterpart); what does not match is listed in the reconciliation report."""

    key = "funds_bank_transfers"
    label = gettext_lazy("导入银行流水（拨付/上解对账）")
    permission = "funds.record_transfer"
    description = gettext_lazy(
        "本单位账户的银行流水：每行一笔收入或支出。与已记录的拨付、上解按日期、金额以及凭证号或"
        "对方户名核对，对上的标为已对账，对不上的列入对账报告。同一流水号只导入一次。"
    )
    columns = [
        Column("serial", "交易流水号", required=True, aliases=("流水号", "交易序号"),
               example="B202603150001"),
        Column("on", "交易日期", required=True, parser=parse_day, keep_raw=True,
               aliases=("记账日期", "日期"), example="2026-03-15"),
        Column("paid_out", "支出金额", parser=parse_money_cell, keep_raw=True,
               aliases=("借方发生额", "支出"), example="500.00"),
        Column("paid_in", "收入金额", parser=parse_money_cell, keep_raw=True,
               aliases=("贷方发生额", "收入"), example=""),
        Column("counterpart", "对方户名", aliases=("对方账户名称", "对方单位"),
               example="某某街道总工会"),
        Column("reference", "凭证号", aliases=("摘要", "附言", "用途"), example="B-1"),
    ]  # fmt: skip

    def check_row(self, row):
        out, got = row.values.get("paid_out"), row.values.get("paid_in")
        if bool(out) == bool(got):
            row.error(
                self.column("paid_out").label, _("支出金额、收入金额须填且只填一个（大于 0）")
            )
        else:
            row.values["amount"] = got if got else -out

    def check_batch(self, rows):
        seen = {}
        for row in rows:
            if row.ok:
                serial = row.values["serial"]
                if serial in seen:
                    row.error(
                        self.column("serial").label, _("与第 %(n)s 行重复") % {"n": seen[serial]}
                    )
                seen[serial] = row.number
        # Unscoped: serials this org imported before (the job's org is in the actor's scope).
        known = set(BankLine.unscoped.filter(org=self.ctx.org, serial__in=list(seen))
                    .values_list("serial", flat=True))  # fmt: skip
        for row in rows:
            if row.ok:
                row.action = "unchanged" if row.values["serial"] in known else "create"

    def commit(self, rows):
        from .services.transfers import import_bank_lines

        lines = [r.values for r in rows if r.action == "create"]
        counts = (
            import_bank_lines(actor=self.ctx.actor, org=self.ctx.org, lines=lines) if lines else {}
        )
        skipped = sum(1 for r in rows if r.action == "unchanged")
        if skipped:
            counts[_("已导入过")] = counts.get(_("已导入过"), 0) + skipped
        return counts
