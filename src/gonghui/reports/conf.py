"""The reports app's settings (``config.define``) and nothing else."""

from gonghui.core import config

config.define(
    "reports.stale_minutes",
    10,
    "统计数据自动刷新间隔（分钟）",
    "统计数据早于此时间即视为过期，打开统计页面时重新计算（或交给后台任务）",
)
config.define("reports.joins_months", 24, "入会趋势统计月数", "按月统计新入会人数的月数")
config.define(
    "reports.recompute_on_read_ms",
    3000,
    "统计过期时当场重算的耗时上限（毫秒）",
    "统计数据过期时，若上次重算用时不超过此值，打开页面时当场重算；否则交给后台任务并提示数据截至的时间",
)
