"""Score import (竞赛成绩导入) on the core import framework.

Organisers upload the figures of a running competition from Excel or CSV: one row per team,
indicator and period. Every row is checked with its row number, column and a Chinese reason
(unknown campaign, team or indicator; a value that is not a number or is outside the
indicator's range; a period outside the campaign; the same team, indicator and period twice in
the file). Rows become ordinary score entries through ``services.enter_score`` with the importer
as their author, so they still wait for a second person's confirmation (four eyes). A figure
equal to the current one is left unchanged, so importing the same file twice changes nothing; a
different figure is a correction (a new entry superseding the old, to be confirmed again).
"""

import dataclasses
import datetime
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.imports.base import Column, Importer, cell_text
from gonghui.core.imports.registry import register
from gonghui.core.scoping import subtree_q
from gonghui.core.text.normalize import parse_decimal
from gonghui.core.text.punctuation import joined

from . import services
from .models import Campaign, CampaignStatus, ScoreEntry

KEY = "contest_scores"
PERIOD_TEXT = re.compile(
    r"^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:\s+00:00:00)?$"  # i18n: data
)
LIST_LIMIT = 250  # Excel refuses a drop-down list longer than 255 characters


def parse_value(raw):
    """A figure as ``Decimal`` with at most two decimals (negative allowed; never via float
    arithmetic: a float cell is read back through its shortest repr)."""
    text = cell_text(raw)
    if isinstance(raw, bool):
        return None, _("“{text}”不是数字").format(text=text)
    if re.fullmatch(r"\s*-?[\d,]*\.\d{3,}\s*", text or ""):
        # a competition figure is exact: three decimals are a typo to fix, not to round away
        return None, _("数值最多保留 2 位小数")
    value, error = parse_decimal(raw, places=2, allow_negative=True)
    if error:
        if _("小数") in error:
            return None, _("数值最多保留 2 位小数")
        if _("过大") in error:
            return None, _("数值过大，超出可记录的范围")
        return None, _("“{text}”不是数字").format(text=text)
    if value is None:
        return None, _("“{text}”不是数字").format(text=text)
    if abs(value) >= services.VALUE_LIMIT:
        return None, _("数值过大，超出可记录的范围")
    return value, None


def parse_period(raw):
    """A month as ``2026-03`` from "2026-03", "2026/3", "2026.03", "2026年3月", "202603" or a
    date cell."""
    if isinstance(raw, datetime.datetime | datetime.date):
        return f"{raw:%Y-%m}", None
    text = cell_text(raw)
    match = PERIOD_TEXT.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{int(match.group(2)):02d}", None
    return None, _("无法识别的期间“{text}”，请写成 2026-03 或 2026年3月").format(text=text)


@register
class ScoreImporter(Importer):
    key = KEY
    label = gettext_lazy("导入竞赛成绩")
    permission = "contests.enter_score"
    description = gettext_lazy(
        "按行导入劳动竞赛各班组的指标数据：竞赛填主题或编号，班组填名称或编号，指标填名称，"
        "期间写成 2026-03。导入的数据与手工填报一样，须由第二人（非导入人）确认后才计入排名；"
        "与现有数据相同的行不会重复导入，不同的行作为更正、须重新确认。"
    )
    columns = [
        Column(
            "campaign",
            "竞赛",
            required=True,
            aliases=("竞赛名称", "竞赛主题", "竞赛编号", "劳动竞赛"),
            help="竞赛主题，或竞赛页面上显示的竞赛编号",
            example="甲工会节能降耗劳动竞赛",
        ),
        Column(
            "team",
            "班组",
            required=True,
            aliases=("班组名称", "班组编号", "团队", "参赛班组", "参赛队", "队伍"),
            help="参赛班组的名称或编号",
            example="焊装班",
        ),
        Column(
            "indicator",
            "指标",
            required=True,
            aliases=("指标名称", "考核指标", "竞赛指标"),
            help="竞赛中设置的指标名称",
            example="节能量",
        ),
        Column(
            "value",
            "数值",
            required=True,
            parser=parse_value,
            keep_raw=True,
            aliases=("完成值", "得分", "成绩", "数据", "实际值"),
            help="数字，最多 2 位小数；指标设有取值范围时须在范围内",
            example="12.5",
        ),
        Column(
            "period",
            "期间",
            required=True,
            parser=parse_period,
            keep_raw=True,
            aliases=("月份", "统计期间", "期次", "轮次", "年月"),
            help="年-月，如 2026-03；须在竞赛周期之内",
            example="2026-03",
        ),
        Column("note", "说明", aliases=("备注",), help="选填，200 字以内", example=""),
    ]

    def __init__(self, ctx):
        super().__init__(ctx)
        self._campaigns = {}  # cell text -> (campaign, error)
        self._seen = {}  # (campaign, team, indicator, period) -> first row number

    def check_row(self, row):
        note = row.values.get("note") or ""
        if len(note) > 200:
            row.error(_("说明"), _("说明不能超过 200 字"))

    # --- against the database ----------------------------------------------------------------

    def _campaign(self, text):
        if text not in self._campaigns:
            self._campaigns[text] = self._find_campaign(text)
        return self._campaigns[text]

    def _find_campaign(self, text):
        # Campaigns the importer may see, organised by the import's organisation or below.
        found = Campaign.objects.filter(subtree_q(self.ctx.org.path)).prefetch_related(
            "teams", "indicators"
        )
        matches = list(found.filter(pk=int(text))) if text.isdigit() and len(text) < 10 else []
        matches = matches or list(found.filter(theme=text))
        if not matches:
            return None, _("找不到竞赛“{text}”（须为{name}及下级组织主办的竞赛）").format(
                text=text, name=self.ctx.org.name
            )
        if len(matches) > 1:
            numbers = joined(c.pk for c in sorted(matches, key=lambda c: c.pk))
            return None, _("有多个竞赛名为“{text}”，请改填竞赛编号（{numbers}）").format(
                text=text, numbers=numbers
            )
        campaign = matches[0]
        if campaign.status != CampaignStatus.RUNNING:
            status = campaign.get_status_display()
            return None, _("竞赛“{theme}”{status}，只有进行中的竞赛才能导入成绩").format(
                theme=campaign.theme, status=status
            )
        campaign.team_by = {}
        for team in campaign.teams.all():
            campaign.team_by[team.name] = team
            if team.code:
                campaign.team_by.setdefault(team.code, team)
        campaign.indicator_by = {}
        for indicator in campaign.indicators.all():
            campaign.indicator_by[indicator.name] = indicator
            campaign.indicator_by.setdefault(str(indicator), indicator)  # as the page shows it
            with translation.override("zh-hans"):  # as the Chinese pages and template write it
                campaign.indicator_by.setdefault(str(indicator), indicator)
        return campaign, None

    def check_batch(self, rows):
        resolved = []
        for row in rows:
            if not row.ok:
                continue
            v = row.values
            campaign, error = self._campaign(v["campaign"])
            if error:
                row.error(_("竞赛"), error)
                continue
            team = campaign.team_by.get(v["team"])
            if team is None:
                row.error(
                    _("班组"),
                    _("“{team}”不是本竞赛的参赛班组（按名称或编号查找）").format(team=v["team"]),
                )
            indicator = campaign.indicator_by.get(v["indicator"])
            if indicator is None:
                names = joined(i.name for i in campaign.indicators.all())
                row.error(
                    _("指标"),
                    _("本竞赛没有指标“{indicator}”（现有：{names}）").format(
                        indicator=v["indicator"], names=names
                    ),
                )
            first, last = f"{campaign.start_date:%Y-%m}", f"{campaign.end_date:%Y-%m}"
            if not first <= v["period"] <= last:
                row.error(
                    _("期间"),
                    _("期间 {period} 不在竞赛周期 {first} 至 {last} 之内").format(
                        period=v["period"], first=first, last=last
                    ),
                )
            if indicator is not None:
                problem = services.check_value(indicator, v["value"])
                if problem:
                    row.error(_("数值"), problem)
            if not row.ok:
                continue
            key = (campaign.pk, team.pk, indicator.pk, v["period"])
            first_row = self._seen.setdefault(key, row.number)
            if first_row != row.number:
                row.error(
                    _("班组"),
                    _("与第 {first_row} 行重复（同一班组、指标和期间只能有一行）").format(
                        first_row=first_row
                    ),
                )
                continue
            v.update(campaign_obj=campaign, team_obj=team, indicator_obj=indicator)
            resolved.append(row)
        self._decide(resolved)

    def _decide(self, rows):
        teams = {r.values["team_obj"].pk for r in rows}
        current = {
            (e.team_id, e.indicator_id, e.period): e
            for e in ScoreEntry.objects.filter(team__in=teams, is_current=True)
        }
        for row in rows:
            v = row.values
            entry = current.get((v["team_obj"].pk, v["indicator_obj"].pk, v["period"]))
            if entry is None:
                row.action = "create"
            elif entry.value == v["value"]:
                row.action = "unchanged"
            else:
                row.action = "correct"
                state = _("已确认") if entry.confirmed_at else _("待确认")
                row.warn(
                    _("数值"),
                    _("将更正现有数据（原值 {value}，{state}），更正后须重新确认").format(
                        value=entry.value, state=state
                    ),
                )

    # --- commit --------------------------------------------------------------------------------

    def commit(self, rows):
        counts = {_("新增"): 0, _("更正"): 0, _("未变化"): 0}
        for row in rows:
            if row.action == "unchanged":
                counts[_("未变化")] += 1
                continue
            v = row.values
            services.enter_score(
                actor=self.ctx.actor,
                team=v["team_obj"],
                indicator=v["indicator_obj"],
                period=v["period"],
                value=v["value"],
                note=v.get("note") or "",
                source="import",
            )
            counts[_("新增") if row.action == "create" else _("更正")] += 1
        return {k: n for k, n in counts.items() if n}

    # --- template -----------------------------------------------------------------------------

    def template_rows(self):
        return [
            ["甲工会节能降耗劳动竞赛", "焊装班", "节能量", "12.5", "2026-03", ""],
            ["甲工会节能降耗劳动竞赛", "焊装班", "安全事故", "0", "2026-03", ""],
            ["甲工会节能降耗劳动竞赛", "T02", "节能量", "9.8", "2026-03", "按班组编号填写"],
        ]


def _choices(labels):
    labels = tuple(dict.fromkeys(labels))
    return labels if sum(len(x) + 1 for x in labels) <= LIST_LIMIT else ()


def campaign_template_class(campaign, period):
    """The score template of one campaign: its theme filled in, one row per team and indicator
    for ``period``, and drop-down lists of its teams and indicators (when short enough)."""
    teams = list(campaign.teams.all())
    indicators = list(campaign.indicators.all())
    columns = []
    for column in ScoreImporter.columns:
        if column.key == "team":
            column = dataclasses.replace(column, choices=_choices(t.name for t in teams))
        elif column.key == "indicator":
            column = dataclasses.replace(column, choices=_choices(i.name for i in indicators))
        columns.append(column)
    rows = [
        [campaign.theme, team.name, indicator.name, "", period, ""]
        for team in teams
        for indicator in indicators
    ] or [[campaign.theme, "", "", "", period, ""]]

    class CampaignScoreTemplate(ScoreImporter):
        def template_rows(self):
            return rows

    CampaignScoreTemplate.columns = columns
    CampaignScoreTemplate.label = _("{theme}成绩导入").format(theme=campaign.theme)
    return CampaignScoreTemplate


def default_period(campaign, today=None):
    """The month to pre-fill: this month within the campaign, else its nearest end."""
    today = today or datetime.date.today()
    month = f"{today:%Y-%m}"
    first, last = f"{campaign.start_date:%Y-%m}", f"{campaign.end_date:%Y-%m}"
    return min(max(month, first), last)
