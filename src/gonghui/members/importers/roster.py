"""The roster importer (会员名册): its columns and per-row checks; the checks against the
database are in ``roster_checks``, the commit of member rows in ``roster_commit``."""

import datetime

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.imports.base import Column, Importer
from gonghui.core.imports.registry import register

from .. import bulk, vocabulary
from ..models import Education, EmploymentForm, Gender, PoliticalStatus
from ..services import check_identity
from .columns import ETHNICITY_CODES, _codes, _date, _id_number, _labels, _phone
from .roster_checks import RosterChecks
from .roster_commit import CONFLICTED, REJOINED, TRANSFERRED, RosterCommit  # noqa: F401


@register
class MemberImporter(RosterChecks, RosterCommit, Importer):
    key = "members"
    pure_parsers = True  # dates, ID numbers and phones are read from the cell alone
    label = gettext_lazy("导入会员名册")
    permission = "members.import_members"
    action_labels = {"conflict": gettext_lazy("身份不一致（未更新）")}
    description = gettext_lazy(
        "按行登记会员：身份证号必须为 18 位文本；性别、出生日期可留空（由身份证号推出）。"
        "已是其他工会会员的人员将生成会籍接转申请，不会直接转入。"
    )
    columns = [
        Column("name", "姓名", required=True, aliases=("会员姓名", "职工姓名"), example="张伟"),
        Column(
            "id_number",
            "身份证号",
            required=True,
            parser=_id_number,
            keep_raw=True,
            aliases=("身份证号码", "公民身份号码", "证件号码", "身份证"),
            help="18 位；请把该列设为文本，避免 Excel 转成科学计数法",
            example="110101199003070038",
        ),
        Column("gender", "性别", codes=_codes(Gender), choices=("男", "女"), example="男"),
        Column("ethnicity", "民族", codes=ETHNICITY_CODES, example="汉族"),
        Column("birth_date", "出生日期", parser=_date, keep_raw=True, example="1990-03-07"),
        Column(
            "phone",
            "手机号",
            parser=_phone,
            keep_raw=True,
            aliases=("手机", "手机号码", "联系电话", "电话"),
            example="13800138000",
        ),
        Column(
            "education",
            "学历",
            codes=_codes(Education),
            choices=_labels(Education),
            aliases=("文化程度", "最高学历"),
            example="本科",
        ),
        Column(
            "political_status",
            "政治面貌",
            codes=_codes(PoliticalStatus),
            choices=_labels(PoliticalStatus),
            example="群众",
        ),
        Column(
            "employment_form",
            "用工形式",
            codes=_codes(EmploymentForm),
            choices=_labels(EmploymentForm),
            aliases=("用工性质", "用工类型", "用工方式"),
            example="劳动合同制",
        ),
        Column(
            "employer",
            "工作单位",
            aliases=("单位", "单位名称", "所在单位"),
            help="单位名称或统一社会信用代码（须已在系统中登记）",
            example="",
        ),
        Column(
            "join_date",
            "入会日期",
            parser=_date,
            keep_raw=True,
            aliases=("入会时间",),
            help="留空为导入当天",
            example="2024-05-01",
        ),
        Column("card_number", "会员证号", aliases=("会员卡号",), help="留空由系统生成", example=""),
    ]

    def __init__(self, ctx):
        super().__init__(ctx)
        self._seen_ids = {}  # normalised ID -> first row number (across batches of one run)
        self._unkeyed = []  # id ranges of new members whose search keys a task will write
        self._touched = set()  # orgs whose kept counts change (recounted once, at the end)
        self._writer = None  # PostgreSQL: writes a batch while the next one is checked
        self._probe = None  # PostgreSQL: a second connection for probes during a write
        self._seen_cards = {}  # card number given in the file -> normalised ID of its row
        self._row_log = []  # [first row, first member id, length]: the members created
        self._today = None  # the date rows are checked against (set per batch by validate)

    def aliases(self, column):
        """The district's alias table (setting ``members.import_value_aliases``) for this
        column; 民族 also accepts a group's name without 族 (汉 → 汉族)."""
        options = {label: code for code, label in column.codes}
        org = getattr(self.ctx, "org", None)
        table = vocabulary.aliases_for(column.label, options, org=org)
        if column.key == "ethnicity":
            for name in vocabulary.ETHNIC_GROUPS:
                table.setdefault(name.removesuffix("族"), name)  # i18n: data
        return table

    def close(self):
        """Finish the batch in flight (before the import's transaction ends, also on error)."""
        if self._probe is not None:
            probe, self._probe = self._probe, None
            probe.close()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.close()

    def _prober(self):
        """The probe connection while a batch is being written (``bulk.Probe``), else None."""
        if self._writer is None:
            return None
        if self._probe is None:
            self._probe = bulk.Probe(connection)
        return self._probe

    # --- per row ---------------------------------------------------------------------------

    def validate(self, rows):
        self._today = datetime.date.today()  # read once a batch, not once a row
        return super().validate(rows)

    def check_row(self, row):
        v = row.values
        if not v.get("id_number"):
            return  # required: already reported
        check, errors, warnings = check_identity(
            v["id_number"],
            gender=v.get("gender"),
            birth_date=v.get("birth_date"),
            join_date=v.get("join_date"),
            today=self._today,
        )
        for field, message in errors:
            row.error(self.heading(field), message)
        for field, message in warnings:
            row.warn(self.heading(field), message)
        if errors:
            v["id_number"] = None
            return
        v["id_number"] = check.value
        v["gender"] = check.gender
        v["birth_date"] = check.birth_date
        first = self._seen_ids.setdefault(check.value, row.number)
        if first != row.number:
            row.error(
                self.heading("id_number"),
                _("与第 {first} 行的身份证号重复").format(first=first),
            )

    def template_rows(self):
        return [
            [
                "张伟",
                "110101199003070038",
                "男",
                "汉族",
                "1990-03-07",
                "13800138000",
                "本科",
                "群众",
                "劳动合同制",
                "",
                "2024-05-01",
                "",
            ],
            [
                "李娜",
                "110101199208150023",
                "女",
                "汉族",
                "",
                "139 0013 9000",
                "大专",
                "中共党员",
                "劳务派遣",
                "",
                "2024.6.1",
                "",
            ],
        ]
