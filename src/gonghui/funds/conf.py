"""Settings of union money."""

from decimal import Decimal

from django.utils.translation import gettext_lazy

from gonghui.core import config

config.define(
    "funds.funds_rate_pct",
    Decimal("2"),
    gettext_lazy("工会经费拨缴比例（%）"),
    gettext_lazy(
        "单位按全部职工工资总额的这一比例拨缴工会经费（或建会筹备金）；应缴额 = 申报工资总额 × 比例"
    ),
)
config.define(
    "funds.dues_rate_pct",
    Decimal("0.5"),
    gettext_lazy("会费默认比例（%）"),
    gettext_lazy("工会未另行设定会费比例时，会员每月按本人工资基数的这一比例缴纳会费"),
)
config.define(
    "funds.receipt_max_mb",
    10,
    gettext_lazy("支出凭证附件大小上限（MB）"),
    gettext_lazy("每张支出凭证（PDF 或图片）的最大体积，超过的上传会被拒绝"),
)
config.define(
    "funds.reminder_gap_days",
    7,
    gettext_lazy("欠缴提醒间隔（天）"),
    gettext_lazy("同一单位两次欠缴短信提醒之间至少相隔的天数"),
)
config.define(
    "funds.auto_reminders",
    True,
    gettext_lazy("每月自动发送欠缴提醒"),
    gettext_lazy(
        "开启时，每月初系统自动给上月止欠缴工会经费（或建会筹备金）的单位财务联系人发一条短信提醒，"
        "同一单位同一月份只发一次；关闭后只能在“欠缴单位”页手动发送"
    ),
)
