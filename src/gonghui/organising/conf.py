"""Settings of the organising work (each a number shown where it decides an outcome)."""

from django.utils.translation import gettext_lazy

from gonghui.core import config

TARGET_HEADCOUNT = config.define(
    "organising.target_headcount",
    25,
    gettext_lazy("建会重点对象职工人数下限"),
    gettext_lazy(
        "职工人数达到此数而未建工会的单位列为单独建会的重点对象；不足此数的可加入联合工会或区域性/行业性工会"
    ),
)
CONSENT_DAYS = config.define(
    "organising.consent_days",
    10,
    gettext_lazy("上级答复筹备申请期限（工作日）"),
    gettext_lazy("报请上级工会同意成立筹备组后，上级应在这么多个工作日内答复"),
)
MEETING_DAYS = config.define(
    "organising.meeting_days",
    60,
    gettext_lazy("召开会员大会期限（工作日）"),
    gettext_lazy("上级同意筹备后，筹备组应在这么多个工作日内发展会员并召开会员大会选举"),
)
APPROVAL_DAYS = config.define(
    "organising.approval_days",
    15,
    gettext_lazy("上级批复选举结果期限（工作日）"),
    gettext_lazy("建会或换届的选举结果报上级后，上级应在这么多个工作日内批复"),
)
REGISTRATION_DAYS = config.define(
    "organising.registration_days",
    10,
    gettext_lazy("批复后登记期限（工作日）"),
    gettext_lazy("上级批复后，应在这么多个工作日内完成工会组织登记（代码、干部、首届任期）"),
)
PLAN_DAYS = config.define(
    "organising.plan_days",
    10,
    gettext_lazy("上级审批换届计划期限（工作日）"),
    gettext_lazy("工会报送换届选举计划（含候选人预备人选）后，上级应在这么多个工作日内审批"),
)
