"""Settings of the member portal (district admins edit them at /settings/)."""

from django.utils.translation import gettext_lazy

from gonghui.core import config

config.define(
    "portal.code_minutes",
    10,
    gettext_lazy("短信验证码有效期（分钟）"),
    gettext_lazy("激活、验证码登录和重设密码的验证码在此时间后失效，且只能使用一次"),
)
config.define(
    "portal.code_max_attempts",
    5,
    gettext_lazy("验证码最多尝试次数"),
    gettext_lazy("同一验证码输错达到此次数即作废，需重新获取"),
)
config.define(
    "portal.sms_per_phone_hour",
    5,
    gettext_lazy("每个手机号每小时最多发送验证码条数"),
    gettext_lazy("超过后一小时内不再发送验证码"),
)
config.define(
    "portal.activation_per_address_hour",
    20,
    gettext_lazy("每个网络地址每小时最多激活尝试次数"),
    gettext_lazy("防止批量试探会员名册"),
)
config.define(
    "portal.activation_per_person_hour",
    5,
    gettext_lazy("每个身份证号每小时最多激活尝试次数"),
    gettext_lazy("防止猜测验证码或试探名册"),
)
config.define(
    "portal.invitation_days",
    14,
    gettext_lazy("激活邀请链接有效期（天）"),
    gettext_lazy("邀请短信中的一次性链接在此天数后失效"),
)
config.define(
    "portal.card_qr_minutes",
    10,
    gettext_lazy("电子会员证二维码有效期（分钟）"),
    gettext_lazy("二维码过期后需在手机上重新打开会员证"),
)
config.define(
    "portal.correction_working_days",
    15,
    gettext_lazy("信息更正答复期限（工作日）"),
    gettext_lazy("会员提出个人信息更正请求后，工会应在此工作日数内答复"),
)
