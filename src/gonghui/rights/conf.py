"""The rights module's settings: every number that decides an outcome (config.define)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core import config

from .enums import DEFAULT_DEADLINES, Category


def deadline_key(category):
    return f"rights.deadline_days.{category}"


for _category, _days in DEFAULT_DEADLINES.items():
    config.define(
        deadline_key(_category),
        _days,
        format_lazy(
            gettext_lazy("诉求办理期限：{label}（工作日）"), label=Category(_category).label
        ),
        gettext_lazy("自受理次日起按工作日计算（节假日顺延，调休上班日计入）"),
    )

config.define(
    "rights.escalation_days",
    3,
    gettext_lazy("逾期升级后上级工会办理期限（工作日）"),
    gettext_lazy("诉求逾期未答复时自动升级至上级工会，上级工会自升级之日起按此工作日数办理"),
)
config.define(
    "rights.reminder_days",
    1,
    gettext_lazy("到期提醒提前量（工作日）"),
    gettext_lazy("办理期限前多少个工作日提醒承办工会"),
)
config.define(
    "rights.urgent_wage_workers",
    10,
    gettext_lazy("欠薪诉求紧急人数"),
    gettext_lazy("欠薪诉求涉及职工人数达到此数时，立即提示区总工会"),
)
config.define(
    "rights.urgent_categories",
    ["safety"],
    gettext_lazy("一律紧急的诉求类别"),
    gettext_lazy("这些类别的诉求一经提交即提示区总工会（类别代码列表）"),
)
config.define(
    "rights.anonymous_categories",
    ["safety", "discrimination", "working_hours", "other"],
    gettext_lazy("允许匿名提交的诉求类别"),
    gettext_lazy("匿名诉求不保存任何可识别提交人的信息（类别代码列表）"),
)
config.define(
    "rights.home_levels",
    [
        {"min": 90, "level": gettext_noop("模范职工之家")},
        {"min": 75, "level": gettext_noop("合格职工之家")},
        {"min": 0, "level": gettext_noop("未达标")},
    ],
    gettext_lazy("职工之家评定等级"),
    gettext_lazy("按审核得分占总分的百分比从高到低匹配（min 为最低百分比）"),
)
config.define(
    "rights.home_validity_years",
    3,
    gettext_lazy("职工之家评定有效期（年）"),
    gettext_lazy("自上级工会评定之日起计算"),
)
config.define(
    "rights.training_min_hours",
    16,
    gettext_lazy("工会干部年度最少培训学时"),
    gettext_lazy("低于此学时的干部列入未达标名单"),
)
