from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import DateInput
from gonghui.innovation.forms import Styled

from .models import Aggregation, Direction, DistrictGoal, RankStyle, RoundStage, ScoreRule


class CampaignForm(Styled, forms.Form):
    theme = forms.CharField(label=_("竞赛主题"), max_length=120)
    start_date = forms.DateField(label=_("开始日期"), widget=DateInput)
    end_date = forms.DateField(label=_("结束日期"), widget=DateInput)
    goals = forms.MultipleChoiceField(
        label=_("服务的区域目标"),
        choices=DistrictGoal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rank_style = forms.ChoiceField(label=_("并列名次规则"), choices=RankStyle.choices)
    description = forms.CharField(
        label=_("竞赛说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IndicatorForm(Styled, forms.Form):
    name = forms.CharField(label=_("指标"), max_length=60)
    unit = forms.CharField(
        label=pgettext_lazy("unit of measure", "单位"), max_length=20, required=False
    )
    weight = forms.DecimalField(label=_("权重"), min_value=0, max_digits=6, decimal_places=2)
    direction = forms.ChoiceField(label=_("方向"), choices=Direction.choices)
    aggregation = forms.ChoiceField(label=_("各期汇总方式"), choices=Aggregation.choices)
    goal = forms.ChoiceField(
        label=_("对应区域目标"), required=False, choices=[("", "—"), *DistrictGoal.choices]
    )
    min_value = forms.DecimalField(
        label=_("取值下限"), required=False, max_digits=14, decimal_places=2
    )
    max_value = forms.DecimalField(
        label=_("取值上限"), required=False, max_digits=14, decimal_places=2
    )
    self_reported = forms.BooleanField(
        label=_("班组自报（班组长在手机上填报，组织者确认）"), required=False
    )


class TeamForm(Styled, forms.Form):
    name = forms.CharField(label=_("班组/团队"), max_length=80)
    code = forms.CharField(label=_("班组编号（导入时可用）"), max_length=30, required=False)
    unit_code = forms.CharField(label=_("所在单位工会代码"), max_length=30)
    leader = forms.CharField(label=_("负责人"), max_length=50, required=False)


class LeaderForm(Styled, forms.Form):
    team = forms.ChoiceField(label=_("班组"))
    who = forms.CharField(
        label=_("班组长（会员证号或用户名；留空为解除）"), max_length=150, required=False
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]


def _period_field():
    """The month an entry is for, typed as 年-月 (the same field in every entry form)."""
    return forms.RegexField(
        label=_("期间（年-月）"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        max_length=7,
        error_messages={"invalid": _("格式如 2026-03")},
    )


def _value_field():
    return forms.DecimalField(label=_("数值"), max_digits=14, decimal_places=2)


class TeamEntryForm(Styled, forms.Form):
    """A team leader's figure for an indicator open to self-reporting."""

    indicator = forms.ChoiceField(label=_("指标"))
    period = _period_field()
    value = _value_field()
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, str(i)) for i in indicators]
        self.fields["period"].widget.attrs.update(
            {"inputmode": "numeric", "placeholder": "2026-03"}
        )
        self.fields["value"].widget.attrs.update({"inputmode": "decimal"})


class TieRuleForm(Styled, forms.Form):
    tie_breakers = forms.MultipleChoiceField(
        label=_("总分相同时依次比较的指标"), required=False, widget=forms.CheckboxSelectMultiple
    )
    rank_style = forms.ChoiceField(label=_("全部相同时"), choices=RankStyle.choices)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_breakers"].choices = [(i.pk, str(i)) for i in indicators]


class EntryForm(Styled, forms.Form):
    team = forms.ChoiceField(label=_("班组"))
    indicator = forms.ChoiceField(label=_("指标"))
    period = _period_field()
    value = _value_field()
    note = forms.CharField(label=_("说明（更正时写明原因）"), max_length=200, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in campaign.teams.all()]
        self.fields["indicator"].choices = [(i.pk, str(i)) for i in campaign.indicators.all()]


class ConflictForm(Styled, forms.Form):
    username = forms.CharField(label=_("利益相关人（用户名）"), max_length=150)
    target = forms.ChoiceField(label=_("班组/选手"))
    reason = forms.CharField(label=_("原因"), max_length=200)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = choices


class EventForm(Styled, forms.Form):
    name = forms.CharField(label=_("比武项目"), max_length=100)
    trade = forms.CharField(label=_("工种"), max_length=50, required=False)
    held_on = forms.DateField(label=_("比赛日期"), widget=DateInput)
    venue = forms.CharField(label=_("地点"), max_length=100, required=False)
    max_score = forms.DecimalField(label=_("满分"), min_value=1, initial=100, decimal_places=2)


class ContestantForm(Styled, forms.Form):
    card_number = forms.CharField(label=_("会员证号"), max_length=30)
    number = forms.CharField(label=_("参赛号"), max_length=10)


class JudgeForm(Styled, forms.Form):
    username = forms.CharField(label=_("裁判（用户名）"), max_length=150)


class ScoreForm(Styled, forms.Form):
    contestant = forms.ChoiceField(label=_("选手"))
    score = forms.DecimalField(label=_("得分"), min_value=0, decimal_places=2)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contestant"].choices = [
            (c.pk, str(c)) for c in event.contestants.select_related("member")
        ]


class RoundForm(Styled, forms.Form):
    stage = forms.ChoiceField(label=_("赛段"), choices=RoundStage.choices)
    advance_count = forms.IntegerField(
        label=_("晋级下一轮人数"), min_value=1, max_value=100000, required=False
    )


class CriterionForm(Styled, forms.Form):
    name = forms.CharField(label=_("评分项"), max_length=60)
    weight = forms.DecimalField(label=_("权重"), min_value=0, max_digits=6, decimal_places=2)
    max_score = forms.DecimalField(
        label=_("满分"), min_value=0, max_digits=6, decimal_places=2, initial=100
    )


class ScoreRuleForm(Styled, forms.Form):
    score_rule = forms.ChoiceField(label=_("计分规则"), choices=ScoreRule.choices)


class RoundScoreForm(Styled, forms.Form):
    """A judge's scorecard for one contestant: one field per criterion."""

    contestant = forms.TypedChoiceField(label=_("选手"), coerce=int)

    def __init__(self, *args, contestants, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contestant"].choices = [(c.pk, str(c)) for c in contestants]
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=_("%(name)s（满分 %(top)s，权重 %(w)s）")
                % {"name": c.name, "top": c.max_score, "w": c.weight},
                min_value=0,
                max_value=c.max_score,
                decimal_places=2,
            )
        self.criteria = list(criteria)

    def values(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
