from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.contests.models import Contestant, Team
from gonghui.core import publicforms
from gonghui.core.forms import BootstrapMixin, DateInput, style_fields
from gonghui.core.models import User
from gonghui.core.text.punctuation import annotated
from gonghui.members.models import Member
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Org

from . import contest_sources, selectors
from .models import NomineeKind, ObjectionOutcome

DATE = DateInput()


class Styled(BootstrapMixin, forms.Form):
    """The one form mixin (core/forms.py); ``style()`` again after fields are added or changed."""

    def style(self):
        style_fields(self)


class RoundFilterForm(Styled):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1900, max_value=2200)
    award_type = forms.ModelChoiceField(
        label=_("奖项"),
        required=False,
        empty_label=_("全部奖项"),
        queryset=selectors.AwardType.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = selectors.award_types_visible()
        self.fields["award_type"].label_from_instance = _award_type_label


def _award_type_label(award_type):
    return annotated(award_type.display_name, award_type.org.name)


PCT = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}


class RoundForm(Styled):
    award_type = forms.ModelChoiceField(
        label=_("奖项"),
        queryset=selectors.AwardType.objects.none(),
        help_text=_("本单位及下级设立的奖项；评选由奖项设立单位组织"),
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=150)
    quota = forms.IntegerField(label=_("名额"), min_value=1, max_value=10000)
    street_quota = forms.IntegerField(
        label=_("每个街道推荐名额上限"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("不填则为本次评选名额"),
    )
    min_frontline_pct = forms.DecimalField(
        label=_("一线职工占比下限（%）"),
        required=False,
        help_text=_("不填则按奖项设置"),
        **PCT,
    )
    max_heads_pct = forms.DecimalField(
        label=_("企业负责人占比上限（%）"),
        required=False,
        help_text=_("不填则按奖项设置"),
        **PCT,
    )
    nomination_deadline = forms.DateField(label=_("推荐截止日期"), widget=DATE)
    review_deadline = forms.DateField(label=_("评审截止日期"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = selectors.award_types_manageable().filter(
            is_active=True
        )
        self.fields["award_type"].label_from_instance = _award_type_label


class AwardTypeForm(Styled):
    org = forms.ModelChoiceField(label=_("设立单位"), queryset=Org.objects.none())
    name = forms.CharField(label=_("奖项名称"), max_length=100)
    code = forms.SlugField(
        label=_("代码（可不填）"), max_length=40, required=False, help_text=_("字母、数字或连字符")
    )
    nominee_kind = forms.ChoiceField(label=_("推荐对象类别"), choices=NomineeKind.choices)
    min_frontline_pct = forms.DecimalField(label=_("一线职工占比下限（%）"), **PCT)
    max_heads_pct = forms.DecimalField(label=_("企业负责人占比上限（%）"), **PCT)
    description = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
            del self.fields["code"]
            self.fields["version"].required = True
        else:
            del self.fields["version"]
            self.fields["org"].queryset = Org.objects.visible().active().exclude(kind="group")
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"


class ReviewForm(Styled):
    """A level's decision on a nomination: the choices are the decisions open to the user."""

    decision = forms.ChoiceField(label=_("审核意见"))
    reason = forms.CharField(
        label=_("意见说明（退回或不予通过时必填）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices


class CriterionForm(Styled):
    name = forms.CharField(label=_("评分项"), max_length=100)
    weight = forms.DecimalField(label=_("权重"), max_digits=6, decimal_places=2, min_value=0.01)
    max_score = forms.DecimalField(
        label=_("满分"), max_digits=6, decimal_places=2, min_value=1, initial=100
    )


class JudgeForm(Styled):
    username = forms.CharField(label=_("评委用户名"), max_length=150)
    employer = forms.ModelChoiceField(
        label=_("评委工作单位（用于回避识别）"), required=False, queryset=Employer.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.order_by("name")

    def clean_username(self):
        user = User.objects.filter(
            username=self.cleaned_data["username"].strip(), is_active=True
        ).first()
        if user is None:
            raise forms.ValidationError(_("找不到该用户"))
        return user


class NominationForm(Styled):
    """Fields depend on the round's kind of nominee (individual, team, unit)."""

    org = forms.ModelChoiceField(label=_("推荐工会"), queryset=Org.objects.none())
    member_name = forms.CharField(label=_("会员姓名"), max_length=50, required=False)
    member_key = forms.CharField(
        label=_("会员证号或身份证号后 6 位"), max_length=30, required=False
    )
    nominee_name = forms.CharField(label=_("集体（班组）名称"), max_length=150, required=False)
    employer = forms.ModelChoiceField(
        label=_("单位"), required=False, queryset=Employer.objects.none()
    )
    nominee_org = forms.ModelChoiceField(
        label=_("被推荐工会"), required=False, queryset=Org.objects.none()
    )
    is_frontline = forms.BooleanField(label=_("一线职工"), required=False)
    is_enterprise_head = forms.BooleanField(label=_("企业负责人"), required=False)
    reference = forms.CharField(
        label=_("参考依据（可选，如竞赛、比武成绩）"), max_length=300, required=False
    )
    deeds = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 6}))
    # The competition result the nomination starts from (prefilled from the results page).
    source_team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, widget=forms.HiddenInput
    )
    source_contestant = forms.ModelChoiceField(
        queryset=Contestant.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, round_, reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.fields["source_team"].queryset = contest_sources.visible_teams()
        self.fields["source_contestant"].queryset = contest_sources.visible_contestants()
        orgs = Org.objects.visible().active().filter(path__startswith=round_.org.path)
        self.fields["org"].queryset = orgs.exclude(kind="group")
        self.fields["employer"].queryset = Employer.objects.filter(is_active=True).order_by("name")
        kind = round_.nominee_kind
        if kind == NomineeKind.INDIVIDUAL:
            for name in ("nominee_name", "employer", "nominee_org"):
                del self.fields[name]
            self.fields["member_name"].required = True
            self.fields["member_key"].required = True
        else:
            for name in ("member_name", "member_key", "is_frontline", "is_enterprise_head"):
                del self.fields[name]
            if kind == NomineeKind.TEAM:
                del self.fields["nominee_org"]
                self.fields["nominee_name"].required = True
                self.fields["employer"].required = True
            else:
                del self.fields["nominee_name"]
                self.fields["nominee_org"].queryset = orgs.filter(kind__in=GRASSROOTS_KINDS)
        if reason:
            self.fields["reason"] = forms.CharField(label=_("替换理由"), max_length=300)
        for name in ("is_frontline", "is_enterprise_head"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-check-input"
        self.style()

    def clean(self):
        data = super().clean()
        if self.round.nominee_kind == NomineeKind.INDIVIDUAL:
            name, key = data.get("member_name", "").strip(), data.get("member_key", "").strip()
            if not name or not key:
                return data  # the required fields carry the errors
            matches = list(
                Member.objects.select_related("org", "employer").filter(
                    Q(card_number=key) | Q(id_tail=key.upper()), name=name
                )[:2]
            )
            if len(matches) != 1:
                self.add_error("member_key", _("找不到唯一匹配的会员（或不在您的管理范围内）"))
            else:
                data["member"] = matches[0]
        return data

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        for name in ("member_name", "member_key", "reason"):
            data.pop(name, None)
        return data


class DocumentForm(Styled):
    title = forms.CharField(label=_("材料名称"), max_length=150)
    file = forms.FileField(label=_("文件（PDF、图片或 Word，10 MB 以内）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 10 MB"))
        allowed = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx")
        if not upload.name.lower().endswith(allowed):
            raise forms.ValidationError(_("只接受 PDF、图片或 Word 文件"))
        return upload


class ReasonForm(Styled):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class OptionalReasonForm(Styled):
    reason = forms.CharField(label=_("说明（可选）"), required=False, max_length=1000)


class NoticeForm(Styled):
    start = forms.DateField(label=_("公示开始日期"), widget=DATE)


class ObjectionForm(Styled):
    nomination = forms.TypedChoiceField(label=_("异议对象"), coerce=int)
    text = forms.CharField(
        label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    contact_name = forms.CharField(label=_("联系人（可不填）"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话（可不填，仅用于核实）"), max_length=20, required=False
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        publicforms.limit_text(self, {"text": 2000, "contact_name": 50, "contact_phone": 20})
        self.fields["nomination"].choices = [
            (e["id"], annotated(e["nominee_name"], e["unit_name"])) for e in entries
        ]


class AnswerForm(Styled):
    # No default (issue 22, J9): the outcome must be chosen, "upheld" is never preselected.
    outcome = forms.ChoiceField(
        label=_("核查结论"),
        choices=[("", _("请选择核查结论")), *ObjectionOutcome.choices],
        help_text=_("请核实后选择；核查结论写入公示记录。"),
    )
    answer = forms.CharField(
        label=_("答复"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
