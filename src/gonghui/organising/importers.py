"""Import of the market-regulation register (市场监管部门企业名录) into the employer registry:
the columns as the register names them, its wording of sectors and company types through alias
tables, the street by code or name. Identity is the credit code: re-importing changes nothing,
and an employer that already has its union keeps it (the register never moves it back)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.imports.base import Column
from gonghui.core.text.uscc import check_uscc
from gonghui.orgs.importers import EmployerImporter, _count
from gonghui.orgs.models import Industry, Org, Ownership

INDUSTRY_WORDS = {
    "批发业": "retail", "零售业": "retail", "批发零售": "retail",  # i18n: data
    "道路运输业": "logistics", "仓储业": "logistics", "邮政业": "logistics",  # i18n: data
    "装卸搬运和运输代理业": "logistics", "快递": "logistics",  # i18n: data
    "住宿业": "hospitality", "餐饮业": "hospitality",  # i18n: data
    "软件和信息技术服务业": "it", "互联网和相关服务": "it",  # i18n: data
    "电信、广播电视和卫星传输服务": "it",  # i18n: data
    "货币金融服务": "finance", "保险业": "finance",  # i18n: data
    "卫生": "health", "社会工作": "health",  # i18n: data
    "公共管理、社会保障和社会组织": "public",  # i18n: data
    "租赁和商务服务业": "other", "科学研究和技术服务业": "other",  # i18n: data
    "居民服务、修理和其他服务业": "other", "房地产业": "other", "农、林、牧、渔业": "other",  # i18n: data
    "采矿业": "other", "电力、热力、燃气及水生产和供应业": "other",  # i18n: data
    "水利、环境和公共设施管理业": "other", "文化、体育和娱乐业": "other",  # i18n: data
}  # fmt: skip

OWNERSHIP_WORDS = {
    "有限责任公司(自然人投资或控股)": "private", "有限责任公司(自然人独资)": "private",  # i18n: data
    "有限责任公司(自然人投资或控股的法人独资)": "private",  # i18n: data
    "股份有限公司(非上市、自然人投资或控股)": "private", "个人独资企业": "private",  # i18n: data
    "合伙企业": "private", "普通合伙企业": "private", "有限合伙企业": "private",  # i18n: data
    "个体工商户": "private", "私营企业": "private", "民营企业": "private",  # i18n: data
    "有限责任公司(国有独资)": "state", "有限责任公司(国有控股)": "state",  # i18n: data
    "全民所有制": "state", "国有企业": "state", "集体所有制": "collective",  # i18n: data
    "有限责任公司(外国法人独资)": "foreign", "有限责任公司(中外合资)": "foreign",  # i18n: data
    "外商独资企业": "foreign", "中外合资经营企业": "foreign",  # i18n: data
    "有限责任公司(台港澳法人独资)": "hmt", "港澳台投资企业": "hmt",  # i18n: data
    "事业单位": "institution", "机关": "agency", "社会团体": "social",  # i18n: data
    "民办非企业单位": "social", "社会服务机构": "social",  # i18n: data
}  # fmt: skip


class RegistryImporter(EmployerImporter):
    key = "organising_registry"
    label = gettext_lazy("导入市场监管企业名录")
    permission = "organising.import_registry"
    description = gettext_lazy(
        "按统一社会信用代码导入市场监管部门的企业名录（名称、行业、企业类型、参保人数、所属街道）。"
        "已登记的单位按信用代码更新；已建工会的单位保留其工会，不会被移回街道。"
    )
    columns = [
        Column("name", "企业名称", required=True, aliases=("单位名称", "名称", "市场主体名称"),
               example="某某科技有限公司"),
        Column("credit_code", "统一社会信用代码", required=True, parser=check_uscc,
               aliases=("信用代码", "社会信用代码"), example="91320102MA1XXXXXX0"),
        Column("industry", "所属行业", required=True, codes=tuple(Industry.choices),
               aliases=("行业", "行业门类", "国民经济行业"), example="制造业"),
        Column("ownership", "企业类型", required=True, codes=tuple(Ownership.choices),
               aliases=("经济类型", "市场主体类型", "企业类型（性质）"),
               example="有限责任公司（自然人投资或控股）"),
        Column("headcount", "参保人数", parser=_count, aliases=("从业人数", "职工人数", "人数"),
               example="80"),
        Column("org_code", "所属街道", aliases=("街道", "所属街道工会", "所属工会代码"),
               help="街道（或产业）工会的名称或组织代码；留空则归入导入时选择的组织",
               example=""),
        Column("address", "住所", aliases=("地址", "经营场所", "注册地址"), example=""),
    ]  # fmt: skip

    def aliases(self, column):
        if column.key == "industry":
            return INDUSTRY_WORDS
        if column.key == "ownership":
            return OWNERSHIP_WORDS
        return {}

    def check_row(self, row):
        for key, label in (("industry", _("所属行业")), ("ownership", _("企业类型"))):
            if row.raw.get(key) and row.values.get(key) is None:
                row.error(label, _("请在预览中把该写法对应到一个选项"))
        street = row.values.get("org_code")
        if street:
            row.values["org_code"] = self._street_code(street)

    def _street_code(self, text):
        """A street given by name is looked up among the visible unions (code kept otherwise)."""
        if not hasattr(self, "_streets"):
            self._streets = dict(Org.objects.visible().values_list("name", "code"))
        return self._streets.get(text, text)

    def check_batch(self, rows):
        super().check_batch(rows)
        for row in rows:
            current = row.values.get("instance")
            if not row.ok or current is None:
                continue
            # The register never takes an employer away from its own union.
            if current.has_union:
                row.values["org"] = current.org
            if row.values.get("headcount") is None:
                row.values["headcount"] = current.headcount
            if self._same(current, row.values):
                row.action = "unchanged"
