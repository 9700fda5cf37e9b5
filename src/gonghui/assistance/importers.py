"""Import of outside aid (外部救助导入) on the core import framework.

A union or the assistance centre uploads the civil-affairs grants (or other outside aid) its
households received, one row per grant: name, ID number, source, amount, date. Every row is
checked with its row number, column and a Chinese reason (an invalid ID number, an amount that
is not a number, a date that cannot be read, the same grant twice in the file). The rows become
``ExternalAid`` records through ``services.record_external_aid``, so the duplicate-aid checks see
them; a grant already recorded is left unchanged, so importing the same file twice changes
nothing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.fields import blind_index_for
from gonghui.core.imports.base import CREATED, UNCHANGED, Column, Importer
from gonghui.core.imports.cells import parse_day
from gonghui.core.imports.registry import register
from gonghui.core.text.idnumbers import check_id_number
from gonghui.core.text.normalize import parse_decimal

from . import services
from .models import ExternalAid

KEY = "assistance_outside_aid"


def parse_id(text):
    check = check_id_number(text)
    if not check.ok:
        return None, check.errors[0]
    return check.value, None


def parse_amount(raw):
    value, error = parse_decimal(raw, places=2, allow_negative=False)
    if error or value is None:
        return None, _("金额须为不小于 0 的数，最多两位小数")
    return value, None


@register
class OutsideAidImporter(Importer):
    key = KEY
    label = gettext_lazy("导入外部救助（民政等）")
    permission = "assistance.record_external_aid"
    description = gettext_lazy(
        "按行导入家庭成员从工会以外获得的救助（如民政临时救助、助学金）：姓名、身份证号、"
        "资助来源、金额、发放日期。导入后参与重复救助核查（同期救助、跨项目年度上限）；"
        "已登记的同一笔不会重复导入。"
    )
    columns = [
        Column("person_name", "姓名", required=True, aliases=("受助人",), example="王秀英"),
        Column(
            "id_number",
            "身份证号",
            required=True,
            parser=parse_id,
            aliases=("身份证号码", "证件号码"),
            example="320102198001010011",
        ),
        Column(
            "source",
            "资助来源",
            required=True,
            aliases=("来源", "救助项目", "发放单位"),
            example="民政临时救助",
        ),
        Column(
            "amount",
            "金额",
            required=True,
            parser=parse_amount,
            keep_raw=True,
            aliases=("金额（元）", "救助金额"),
            example="2000",
        ),
        Column(
            "granted_on",
            "发放日期",
            required=True,
            parser=parse_day,
            keep_raw=True,
            aliases=("日期", "发放时间"),
            example="2026-03-15",
        ),
        Column("note", "备注", aliases=("说明",), example=""),
    ]

    def _key(self, v):
        return (
            blind_index_for(ExternalAid, "id_number", v["id_number"]),
            v["source"],
            v["granted_on"],
            v["amount"],
        )

    def check_batch(self, rows):
        seen = {}
        for row in rows:
            if not row.ok:
                continue
            key = self._key(row.values)
            if key in seen:
                row.error(
                    "身份证号",
                    _("与第 {value} 行重复（同一人、来源、日期和金额）").format(value=seen[key]),
                )  # i18n: data (the column heading)
                continue
            seen[key] = row.number
            exists = ExternalAid.unscoped.filter(  # unscoped: outside aid is matched across the district (import duplicate check)
                id_number_index=key[0], source=key[1], granted_on=key[2], amount=key[3]
            ).exists()
            row.action = "unchanged" if exists else "create"

    def commit(self, rows):
        counts = {CREATED: 0, UNCHANGED: 0}
        for row in rows:
            if row.action == "unchanged":
                counts[UNCHANGED] += 1
                continue
            v = row.values
            services.record_external_aid(
                actor=self.ctx.actor,
                org=self.ctx.org,
                person_name=v["person_name"],
                id_number=v["id_number"],
                source=v["source"],
                amount=v["amount"],
                granted_on=v["granted_on"],
                note=v.get("note") or "",
            )
            counts[CREATED] += 1
        return {k: n for k, n in counts.items() if n}

    def template_rows(self):
        return [["王秀英", "320102198001010011", "民政临时救助", "2000", "2026-03-15", ""]]
