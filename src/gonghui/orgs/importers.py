"""Excel import of organisations and employers (on the core import framework)."""

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.imports.base import CREATED, UNCHANGED, UPDATED, Column, Importer
from gonghui.core.imports.registry import register
from gonghui.core.scoping import org_in_scope
from gonghui.core.text.normalize import parse_date
from gonghui.core.text.punctuation import joined
from gonghui.core.text.uscc import check_uscc

from .models import Employer, Industry, Org, OrgKind, Ownership
from .services import ALLOWED_CHILDREN


def _choice_parser(choices):
    by_label = {str(label): value for value, label in choices}
    values = {value for value, _label in choices}

    def parse(text):
        if text in by_label:
            return by_label[text], None
        if text in values:
            return text, None
        return None, _("可选值：") + joined(by_label)

    return parse


def _choice_column(key, label, enum, example):
    """A required column holding one of ``enum``'s labels (or codes); the template lists them."""
    return Column(
        key,
        label,
        required=True,
        parser=_choice_parser(enum.choices),
        choices=tuple(str(text) for _value, text in enum.choices),
        example=example,
    )


def _count(text):
    digits = text.replace(",", "")
    if not digits.isdigit():
        return None, _("应为非负整数")
    return int(digits), None


def _once_each(rows, key, heading):
    """The valid rows, each value of ``key`` once: a repeat is an error under ``heading`` that
    names the row where the value came first."""
    first = {}
    for row in rows:
        if not row.ok:
            continue
        value = row.values[key]
        if value in first:
            row.error(heading, _("与第 {value} 行重复").format(value=first[value]))
            continue
        first[value] = row.number
        yield row


@register
class OrgImporter(Importer):
    key = "orgs"
    label = gettext_lazy("导入组织")
    permission = "orgs.import_orgs"
    description = gettext_lazy(
        "按行登记工会组织：上级组织代码可以是系统中已有的组织，也可以是本文件中前面的行。"
    )
    columns = [
        Column(
            "parent_code", "上级组织代码", required=True, aliases=("上级代码",), example="D001S01"
        ),
        Column("code", "组织代码", required=True, aliases=("代码",), example="D001S01G99"),
        Column(
            "name", "组织名称", required=True, aliases=("名称", "工会名称"), example="某某公司工会"
        ),
        _choice_column("kind", "组织类型", OrgKind, example="基层工会"),
        Column(
            "established_on", "成立日期", parser=parse_date, keep_raw=True, example="2020-01-05"
        ),
        Column("address", "地址", example="某某路 1 号"),
    ]

    def check_batch(self, rows):
        codes = [r.values.get("code") for r in rows if r.ok]
        existing = dict(Org.objects.filter(code__in=codes).values_list("code", "name"))
        parents = {
            o.code: o
            for o in Org.objects.visible().filter(
                code__in=[r.values.get("parent_code") for r in rows if r.ok]
            )
        }
        for row in _once_each(rows, "code", "组织代码"):  # i18n: data (the column heading)
            code = row.values["code"]
            if code in existing:
                row.action = "unchanged" if existing[code] == row.values["name"] else "exists"
                if row.action == "exists":
                    row.error(
                        "组织代码", _("组织代码已存在，名称不同（如需改名请在页面上编辑）")
                    )  # i18n: data (the column heading)
                continue
            parent = parents.get(row.values["parent_code"])
            parent_kind = (
                parent.kind if parent else self._kind_in_file(rows, row.values["parent_code"])
            )
            if parent_kind is None:
                row.error(
                    "上级组织代码", _("找不到该上级组织（或不在您的管理范围内）")
                )  # i18n: data (the column heading)
            elif row.values["kind"] not in ALLOWED_CHILDREN.get(parent_kind, set()):
                row.error(
                    "组织类型",
                    _("{label}下不能设立{label2}").format(
                        label=OrgKind(parent_kind).label, label2=OrgKind(row.values["kind"]).label
                    ),
                )  # i18n: data (the column heading)
            else:
                row.action = "create"

    @staticmethod
    def _kind_in_file(rows, code):
        for row in rows:
            if row.ok and row.values.get("code") == code:
                return row.values["kind"]
        return None

    def commit(self, rows):
        created = unchanged = 0
        for row in rows:
            if row.action == "unchanged":
                unchanged += 1
                continue
            parent = Org.objects.get(code=row.values["parent_code"])
            if not org_in_scope(parent):
                continue
            Org.objects.add_child(
                parent,
                {
                    "code": row.values["code"],
                    "name": row.values["name"],
                    "kind": row.values["kind"],
                    "established_on": row.values.get("established_on"),
                    "address": row.values.get("address") or "",
                },
            )
            created += 1
        return {CREATED: created, UNCHANGED: unchanged}


@register
class EmployerImporter(Importer):
    key = "employers"
    label = gettext_lazy("导入单位")
    permission = "orgs.change_employer"
    description = gettext_lazy(
        "按行登记单位（企业、机关事业单位、社会组织）；同一统一社会信用代码再次导入时更新其信息。"
    )
    columns = [
        Column(
            "name",
            "单位名称",
            required=True,
            aliases=("企业名称", "名称"),
            example="某某科技有限公司",
        ),
        Column(
            "credit_code",
            "统一社会信用代码",
            required=True,
            parser=check_uscc,
            aliases=("信用代码", "社会信用代码"),
            example="91320102MA1XXXXXX0",
        ),
        _choice_column("industry", "行业", Industry, example="制造业"),
        _choice_column("ownership", "经济类型", Ownership, example="民营"),
        Column("headcount", "职工人数", parser=_count, aliases=("人数", "员工人数"), example="120"),
        Column(
            "org_code",
            "所属工会代码",
            aliases=("工会代码",),
            help="留空则归入导入时选择的组织",
            example="",
        ),
        Column("address", "地址", example=""),
    ]

    def check_batch(self, rows):
        codes = [r.values["credit_code"] for r in rows if r.ok]
        # unscoped: credit codes are unique district-wide (a clash outside the scope must be seen)
        existing = {
            e.credit_code: e for e in Employer.unscoped.filter(credit_code__in=codes)
        }  # unscoped: a credit code is unique across the district (bulk import)
        orgs = {
            o.code: o
            for o in Org.objects.visible().filter(
                code__in=[
                    r.values.get("org_code") for r in rows if r.ok and r.values.get("org_code")
                ]
            )
        }
        for row in _once_each(
            rows, "credit_code", "统一社会信用代码"
        ):  # i18n: data (the column heading)
            org_code = row.values.get("org_code")
            org = orgs.get(org_code) if org_code else self.ctx.org
            if org is None:
                row.error(
                    "所属工会代码", _("找不到该工会（或不在您的管理范围内）")
                )  # i18n: data (the column heading)
                continue
            row.values["org"] = org
            current = existing.get(row.values["credit_code"])
            if current is None:
                row.action = "create"
            elif not org_in_scope(current.org):
                row.error(
                    "统一社会信用代码", _("该单位已由其他工会登记")
                )  # i18n: data (the column heading)
            elif self._same(current, row.values):
                row.action = "unchanged"
            else:
                row.action = "update"
                row.values["instance"] = current

    @staticmethod
    def _same(employer, values):
        return (
            employer.name == values["name"]
            and employer.industry == values["industry"]
            and employer.ownership == values["ownership"]
            and employer.headcount == (values.get("headcount") or 0)
            and employer.org_id == values["org"].id
            and employer.address == (values.get("address") or "")
        )

    def commit(self, rows):
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        new = []
        for row in rows:
            v = row.values
            fields = {
                "name": v["name"],
                "industry": v["industry"],
                "ownership": v["ownership"],
                "headcount": v.get("headcount") or 0,
                "address": v.get("address") or "",
                "org": v["org"],
            }
            if row.action == "create":
                new.append(Employer(credit_code=v["credit_code"], **fields))
                counts[CREATED] += 1
            elif row.action == "update":
                # unscoped: the row's employer, checked in scope by check_row (its org is visible)
                Employer.unscoped.filter(pk=v["instance"].pk).update(
                    version=F("version")
                    + 1,  # unscoped: bulk import: rows checked in scope by check_batch
                    **fields,
                )
                counts[UPDATED] += 1
            else:
                counts[UNCHANGED] += 1
        # unscoped: a plain bulk insert of rows whose orgs were checked in scope
        Employer.unscoped.bulk_create(
            new, batch_size=1000
        )  # unscoped: bulk import: rows checked in scope by check_batch
        return counts
