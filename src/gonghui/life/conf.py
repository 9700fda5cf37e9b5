"""Settings of union life (notices, activities, surveys)."""

from django.utils.translation import gettext_lazy

from gonghui.core import config

config.define(
    "life.notice_attachment_max_mb",
    10,
    gettext_lazy("通知附件大小上限（MB）"),
    gettext_lazy("通知公告每个附件的最大体积，超过的上传会被拒绝"),
)
config.define(
    "life.notice_remind_days",
    1,
    gettext_lazy("通知回复提醒提前天数（工作日）"),
    gettext_lazy(
        "需回复/确认的通知，在截止日前这么多个工作日仍未回复的工会，向其联系电话发送短信提醒"
    ),
)
config.define(
    "life.checkin_qr_seconds",
    60,
    gettext_lazy("活动签到二维码刷新间隔（秒）"),
    gettext_lazy("活动现场签到二维码每隔这么多秒换一次，截图转发的旧码在下一个间隔后失效"),
)
