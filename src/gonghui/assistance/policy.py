"""The rules of hardship assistance: the settings that decide outcomes and the eligibility
arithmetic. Every number is a district setting (``config.define``) and every outcome names the
settings, with their versions, that decided it."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config

from . import explain
from .enums import ACCIDENT_CAUSES, Category, DeclarationKind

config.define(
    "assistance.category_multiples",
    {"deep": "1", "relative": "2", "accident": "3"},
    gettext_lazy("困难类别倍数（×低保）"),
    gettext_lazy(
        "人均收入（扣除刚性支出后）低于 deep×低保 为深度困难，低于 relative×低保 为相对困难；"
        "因突发意外致困的家庭低于 accident×低保 为意外致困"
    ),
)
config.define(
    "assistance.exclusion_rules",
    {
        "max_homes": 1,
        "private_car": True,
        "business": True,
        "private_school": True,
        "study_abroad": True,
    },
    gettext_lazy("建档排除规则"),
    gettext_lazy("max_homes：住房套数超过即排除；其余为 true 时该项申报即排除"),
)
config.define("assistance.review_working_days", 10, gettext_lazy("帮扶中心审核期限（工作日）"))
config.define("assistance.notice_working_days", 5, gettext_lazy("困难档案公示期（工作日）"))
config.define(
    "assistance.spot_check_ratio",
    Decimal("0.30"),
    gettext_lazy("年审抽查比例"),
    gettext_lazy("至少抽查的比例"),
)
config.define(
    "assistance.living_aid_cap_months",
    12,
    gettext_lazy("生活救助年度上限（月数×低保）"),
    gettext_lazy("每户每年生活救助合计不超过 N 个月的低保标准"),
)
config.define(
    "assistance.medical_cap_ratio", Decimal("1.00"), gettext_lazy("医疗救助上限（×个人自付）")
)
config.define(
    "assistance.education_amounts",
    {"university": "5000", "postgraduate": "5000", "high_school": "3000"},
    gettext_lazy("金秋助学标准（元/人，按学段）"),
)
config.define("assistance.warmth_cash", Decimal("2500"), gettext_lazy("送温暖现金标准（元/户）"))
config.define("assistance.warmth_goods", Decimal("500"), gettext_lazy("送温暖物资标准（元/户）"))
config.define("assistance.exit_income_months", 6, gettext_lazy("脱困：人均收入连续高于低保的月数"))
config.define("assistance.follow_up_months", [3, 6, 12], gettext_lazy("脱困后回访（月）"))
config.define(
    "assistance.retention_years",
    10,
    gettext_lazy("困难档案关闭后保存年限"),
    gettext_lazy(
        "档案关闭（解困脱困）后保存的年数；保存期满的次日起，清除家庭成员、收入、银行账号、"
        "申请材料等个人信息，发放台账保留（姓名匿名化）"
    ),
)

CENT = Decimal("0.01")

EXCLUSION_LABELS = {
    "max_homes": gettext_lazy("拥有两套及以上住房"),
    "private_car": gettext_lazy("拥有私家车"),
    "business": gettext_lazy("经营企业或雇工"),
    "private_school": gettext_lazy("子女就读高收费私立学校"),
    "study_abroad": gettext_lazy("子女自费出国留学"),
}
_DECLARATION_RULE = {
    DeclarationKind.VEHICLE: "private_car",
    DeclarationKind.BUSINESS: "business",
    DeclarationKind.PRIVATE_SCHOOL: "private_school",
    DeclarationKind.STUDY_ABROAD: "study_abroad",
}


def exclusion_label(rule):
    """The Chinese name of an exclusion rule (never its internal key)."""
    return str(EXCLUSION_LABELS.get(rule) or _("其他排除规则"))


config.define(
    "assistance.payment_confirm_above",
    Decimal("0"),
    gettext_lazy("发放复核金额（元）"),
    gettext_lazy(
        "单笔发放（现金加物资价值）超过此金额须由登记人以外的另一人复核；0 表示每笔都须复核"
    ),
)
config.define(
    "assistance.yearly_aid_cap",
    Decimal("20000"),
    gettext_lazy("跨项目年度救助上限（元/户）"),
    gettext_lazy(
        "同一户（含家庭成员）一年内各项目、各批次及外部救助（现金加物资价值）合计超过即提示"
    ),
)


def yuan(value):
    return f"¥{Decimal(value).quantize(CENT, ROUND_HALF_UP):,}"


def setting_version(key, org=None):
    row = config.current_row(key, org)
    return f"v{row.id}" if row else _("默认")


def setting_version_id(key, org=None):
    """The id of the version of ``key`` in force (``None``: the default), kept in a file's
    arithmetic so that it names the version in any language."""
    row = config.current_row(key, org)
    return row.id if row else None


def describe_multiples(org=None):
    """困难类别倍数：深度困难 1×、相对困难 2×、意外致困 3×（默认）."""
    values = config.get("assistance.category_multiples", org)
    return explain.describe_multiples(
        values, setting_version_id("assistance.category_multiples", org)
    )


@dataclass
class Outcome:
    category: str
    per_capita: Decimal
    steps: list = field(default_factory=list)  # of dicts: see ``explain``
    rule_basis: dict = field(default_factory=dict)
    exclusions: list = field(default_factory=list)  # rule keys that fired

    @property
    def lines(self):
        """The arithmetic in the current language."""
        return explain.lines(self.steps)

    @property
    def text(self):
        return "\n".join(self.lines)

    @property
    def rule_version(self):
        return explain.rule_basis_text(self.rule_basis)

    @property
    def category_label(self):
        return Category(self.category).label


def classify(*, incomes, other_incomes, costs, size, dibao, accident, org=None):
    """The category of a household from its monthly amounts (Decimals), step by step.

    "Below" is strict: a per-capita income exactly at 1 × 低保 is relative hardship, exactly
    at 2 × 低保 is not eligible. Comparisons use the exact totals (net < m × 低保 × size), so
    rounding of the per-capita figure never moves a household across a line.
    """
    raw_multiples = config.get("assistance.category_multiples", org)
    multiples = {k: Decimal(str(v)) for k, v in raw_multiples.items()}
    # Member incomes come as amounts or as (name, relationship code, amount); each is shown.
    labelled = [item for item in incomes if isinstance(item, tuple)]
    incomes = [item[-1] if isinstance(item, tuple) else item for item in incomes]
    members = sum(incomes, Decimal("0"))
    others = sum(other_incomes, Decimal("0"))
    income = members + others
    cost = sum(costs, Decimal("0"))
    net = income - cost
    size = max(size, 1)
    per_capita = (net / size).quantize(CENT, ROUND_HALF_UP)
    money = explain.money
    steps = []
    if labelled:
        steps.append(
            {
                "step": "member_incomes",
                "members": [
                    {"name": name, "relationship": relationship, "amount": money(amount)}
                    for name, relationship, amount in labelled
                ],
                "total": money(members),
            }
        )
    steps += [
        {
            "step": "household_income",
            "income": money(income),
            "members": money(members),
            "others": money(others),
        },
        {"step": "costs", "amount": money(cost)},
        {
            "step": "per_capita",
            "per_capita": money(per_capita),
            "income": money(income),
            "costs": money(cost),
            "size": size,
        },
        {"step": "dibao", "amount": money(dibao)},
    ]
    category = Category.NOT_ELIGIBLE
    for key, cat in (
        ("deep", Category.DEEP),
        ("relative", Category.RELATIVE),
        ("accident", Category.ACCIDENT),
    ):
        if key == "accident" and not accident:
            continue
        line = multiples[key] * dibao
        below = net < line * size
        steps.append(
            {
                "step": "line",
                "multiple": str(multiples[key].normalize()),
                "line": money(line),
                "below": below,
            }
        )
        if below:
            category = cat
            break
    steps.append(
        {
            "step": "conclusion",
            "category": str(category),
            "multiples": {k: str(v) for k, v in raw_multiples.items()},
            "multiples_version": setting_version_id("assistance.category_multiples", org),
        }
    )
    return Outcome(category, per_capita, steps)


def fired_exclusions(declarations, org=None):
    """Rule keys of the exclusion settings that the declarations fire, in a stable order."""
    rules = config.get("assistance.exclusion_rules", org)
    fired = []
    homes = sum(d.count for d in declarations if d.kind == DeclarationKind.HOME)
    if "max_homes" in rules and homes > int(rules["max_homes"]):
        fired.append("max_homes")
    for d in declarations:
        key = _DECLARATION_RULE.get(d.kind)
        if key and rules.get(key) and d.count > 0 and key not in fired:
            fired.append(key)
    return fired


def is_accident(causes):
    return any(c in ACCIDENT_CAUSES for c in causes or [])
