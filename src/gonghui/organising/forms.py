"""Forms of the organising work: they validate input; the services decide."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.assemblies.models import PollMethod
from gonghui.core.forms import DateInput, DateTimeInput
from gonghui.core.models import User
from gonghui.orgs.models import Industry, Org, OrgKind, Position

from .enums import SizeBand, Stage, VisitKind


class EmployerFilterForm(forms.Form):
    street = forms.ModelChoiceField(
        label=_("街道/产业工会"),
        queryset=Org.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("全部"),
    )
    min_headcount = forms.IntegerField(label=_("职工人数不少于"), min_value=0, required=False)
    size = forms.ChoiceField(
        label=_("规模"), choices=[("", _("全部")), *SizeBand.choices], required=False
    )
    industry = forms.ChoiceField(
        label=_("行业"), choices=[("", _("全部")), *Industry.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部")), *Stage.choices], required=False
    )
    q = forms.CharField(label=_("名称或信用代码"), max_length=50, required=False)

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("方式"), choices=VisitKind.choices)
    visited_on = forms.DateField(label=_("日期"), widget=DateInput)
    contact_name = forms.CharField(
        label=_("对接人（单位负责人或人事）"), max_length=50, required=False
    )
    summary = forms.CharField(
        label=_("情况记录"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_visit_on = forms.DateField(label=_("下次走访"), widget=DateInput, required=False)


class AssignForm(forms.Form):
    organiser = forms.ModelChoiceField(
        label=_("组织员"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("（不指定）"),
    )
    next_visit_on = forms.DateField(label=_("计划走访日期"), widget=DateInput, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = people
        self.fields["organiser"].label_from_instance = lambda u: u.full_name or u.username


class JoinUnionForm(forms.Form):
    union = forms.ModelChoiceField(label=_("加入的工会"), queryset=Org.objects.none())

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions


FOUNDING_KIND_CHOICES = [
    (OrgKind.GRASSROOTS, OrgKind.GRASSROOTS.label),
    (OrgKind.JOINT, OrgKind.JOINT.label),
    (OrgKind.AREA, OrgKind.AREA.label),
    (OrgKind.SECTOR, OrgKind.SECTOR.label),
]


class FoundingForm(forms.Form):
    union_name = forms.CharField(label=_("拟成立工会名称"), max_length=100)
    union_kind = forms.ChoiceField(label=_("工会类型"), choices=FOUNDING_KIND_CHOICES)
    committee = forms.CharField(
        label=_("筹备组成员"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("组长、成员的姓名及职务，例如：组长 张明（行政部经理）；成员 李华、王芳"),
    )
    contact = forms.CharField(label=_("筹备组联系人"), max_length=50)


class DocumentNoForm(forms.Form):
    document_no = forms.CharField(label=_("批复文号"), max_length=50)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


POSITION_WORDS = {
    str(Position.CHAIR.label): Position.CHAIR,
    str(Position.VICE_CHAIR.label): Position.VICE_CHAIR,
    str(Position.MEMBER.label): Position.MEMBER,
    str(Position.ORGANISER.label): Position.ORGANISER,
    "主席": Position.CHAIR,  # i18n: data (words typed in a candidate list)
    "副主席": Position.VICE_CHAIR,  # i18n: data
    "委员": Position.MEMBER,  # i18n: data
    "组织员": Position.ORGANISER,  # i18n: data
}


class CandidatesField(forms.CharField):
    """One candidate a line: 姓名 and, after a space, the planned position (主席/副主席/委员)."""

    widget = forms.Textarea(attrs={"rows": 6})

    def clean(self, value):
        text = super().clean(value)
        result = []
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.replace("\u3000", " ").split()
            if not parts:
                continue
            position = Position.MEMBER
            if len(parts) > 1:
                word = parts[-1]
                words = POSITION_WORDS | {str(p.label): p for p in Position}  # current language
                if word not in words:
                    raise forms.ValidationError(
                        _("第 %(n)s 行：拟任职务“%(w)s”应为主席、副主席或委员")
                        % {"n": number, "w": word}
                    )
                position = words[word]
            result.append({"name": parts[0], "position": str(position)})
        if not result:
            raise forms.ValidationError(_("请填写候选人"))
        return result


def _candidates_help():
    """The help names the positions in the current language (the field accepts them)."""
    return gettext(
        "每行一人：姓名 拟任职务（%(chair)s、%(vice)s或%(member)s），例如“张明 %(chair)s”；"
        "候选人须多于名额（差额）"
    ) % {
        "chair": Position.CHAIR.label,
        "vice": Position.VICE_CHAIR.label,
        "member": Position.MEMBER.label,
    }


CANDIDATES_HELP = lazy(_candidates_help, str)()


class ElectionForm(forms.Form):
    seats = forms.IntegerField(label=_("委员名额"), min_value=1, max_value=99)
    candidates = CandidatesField(label=_("候选人"), help_text=CANDIDATES_HELP)
    term_years = forms.TypedChoiceField(
        label=_("任期（年）"), choices=[(5, "5"), (3, "3")], coerce=int, initial=5
    )
    starts_at = forms.DateTimeField(label=_("会员大会时间"), widget=DateTimeInput)
    method = forms.ChoiceField(label=_("投票方式"), choices=PollMethod.choices, initial="paper")


class TermElectionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("选举大会时间"), widget=DateTimeInput)
    method = forms.ChoiceField(label=_("投票方式"), choices=PollMethod.choices, initial="paper")


class RegisterForm(forms.Form):
    code = forms.CharField(label=_("工会组织代码"), max_length=30)
    established_on = forms.DateField(label=_("成立日期"), widget=DateInput)
    chair = forms.ChoiceField(label=_("主席"), required=False)

    def __init__(self, *args, elected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("按候选人拟任职务"))] + [(n, n) for n in elected]


class ResultApprovalForm(forms.Form):
    document_no = forms.CharField(label=_("批复文号"), max_length=50)
    chair = forms.ChoiceField(label=_("主席"), required=False)

    def __init__(self, *args, elected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("按候选人拟任职务"))] + [(n, n) for n in elected]


class TermPlanForm(forms.Form):
    plan = forms.CharField(
        label=_("换届选举工作方案"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("选举办法、时间安排、会员（代表）大会组成等"),
    )
    seats = forms.IntegerField(label=_("委员名额"), min_value=1, max_value=99)
    candidates = CandidatesField(label=_("候选人预备人选"), help_text=CANDIDATES_HELP)
    years = forms.TypedChoiceField(
        label=_("新一届任期（年）"), choices=[(5, "5"), (3, "3")], coerce=int, initial=5
    )
    election_on = forms.DateField(label=_("拟选举日期"), widget=DateInput)
