"""The reports app's settings (``config.define``) and nothing else."""

from django.utils.translation import gettext_lazy

from gonghui.core import config

config.define(
    "reports.stale_minutes",
    10,
    gettext_lazy("统计数据自动刷新间隔（分钟）"),
    gettext_lazy("统计数据早于此时间即视为过期，打开统计页面时重新计算（或交给后台任务）"),
)
config.define(
    "reports.joins_months",
    24,
    gettext_lazy("入会趋势统计月数"),
    gettext_lazy("按月统计新入会人数的月数"),
)
config.define(
    "reports.recompute_on_read_ms",
    3000,
    gettext_lazy("统计过期时当场重算的耗时上限（毫秒）"),
    gettext_lazy(
        "统计数据过期时，若上次重算用时不超过此值，打开页面时当场重算；否则交给后台任务并提示数据截至的时间"
    ),
)
