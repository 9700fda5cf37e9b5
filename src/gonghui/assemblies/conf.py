"""The rule numbers of congresses, as district settings (shown beside what they decide)."""

from django.utils.translation import gettext_lazy

from gonghui.core import config

QUORUM = config.define(
    "assemblies.quorum",
    "2/3",
    gettext_lazy("代表大会法定人数（出席比例）"),
    gettext_lazy("出席代表须达到全体代表的该比例，会议方有效（≥）"),
    kind="text",
)
PASS_OP = config.define(
    "assemblies.pass_op",
    "gt",
    gettext_lazy("决议通过条件（gt 超过 / ge 不少于）"),
    gettext_lazy("赞成票须超过（gt）或不少于（ge）基数的半数"),
    kind="text",
)
PASS_BASE = config.define(
    "assemblies.pass_base",
    "all",
    gettext_lazy("决议通过基数（all 全体 / present 出席）"),
    gettext_lazy("半数以全体代表（all）或出席代表（present）计"),
    kind="text",
)
ELECTION_BASE = config.define(
    "assemblies.election_base",
    "cast",
    gettext_lazy("选举当选基数（cast 收回选票 / all 全体代表）"),
    gettext_lazy("候选人赞成票须超过该基数的半数"),
    kind="text",
)
ELECTION_MARGIN = config.define(
    "assemblies.election_margin",
    1,
    gettext_lazy("差额选举：候选人至少多于名额"),
    gettext_lazy("差额选举候选人数须不少于应选名额加此数"),
)
COSIGNERS_MIN = config.define("assemblies.cosigners_min", 2, gettext_lazy("提案附议人最少人数"))
DOC_DAYS = config.define("assemblies.document_days", 7, gettext_lazy("会议文件提前送达代表天数"))
REPORT_WORKDAYS = config.define(
    "assemblies.report_workdays", 7, gettext_lazy("闭会后报上级工会期限（工作日）")
)
MANAGERS_MAX = config.define(
    "assemblies.managers_max_percent", 20, gettext_lazy("中层以上管理人员占代表比例上限（%）")
)
PRESIDIUM_FRONTLINE_MIN = config.define(
    "assemblies.presidium_frontline_min_percent", 50, gettext_lazy("主席团中一线职工比例下限（%）")
)
WOMEN_TOLERANCE = config.define(
    "assemblies.women_tolerance_points", 0, gettext_lazy("女代表比例可低于女职工比例的百分点")
)
CHECKIN_QR_SECONDS = config.define(
    "assemblies.checkin_qr_seconds",
    30,
    gettext_lazy("签到二维码更换间隔（秒）"),
    gettext_lazy(
        "会场签到二维码每隔该秒数更换一次，扫到的签到码在下一次更换后失效（最长两个间隔）"
    ),
)
BLANK_BALLOT = config.define(
    "assemblies.blank_ballot",
    "valid",
    gettext_lazy("空白选票计为（valid 有效票 / invalid 无效票）"),
    gettext_lazy("对全部候选人弃权、未另选他人的选票：计入收回选票，并按此计为有效票或无效票"),
    kind="text",
)
TALLY_RULE = config.define(
    "assemblies.tally_rule",
    "exact",
    gettext_lazy("纸质计票核对（exact 每名候选人赞成+反对+弃权=有效票 / at_most 不多于有效票）"),
    gettext_lazy("录入纸质计票结果时对每名候选人票数合计的核对规则"),
    kind="text",
)
