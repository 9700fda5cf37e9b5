"""Forms of union life: they validate input; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, DateTimeInput
from gonghui.members.models import EmploymentForm, Gender
from gonghui.orgs.models import Official, Org, OrgStatus

from .enums import (
    ActivityKind,
    AgeBand,
    Audience,
    CourseAudience,
    CourseMode,
    Eligibility,
    QuestionKind,
    Reach,
    ResponseKind,
)


class RichTextarea(forms.Textarea):
    """A textarea that ``life/richtext.js`` turns into the Quill editor (plain without JS)."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 10, "data-richtext": "1", **(attrs or {})})


class NoticeForm(forms.Form):
    richtext = True
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        widget=RichTextarea,
        help_text=_("可使用段落、标题、加粗、列表和链接等格式，其余内容会被清除"),
    )
    reach = forms.ChoiceField(label=_("发送范围"), choices=Reach.choices, initial=Reach.SUBTREE)
    targets = forms.ModelMultipleChoiceField(
        label=_("指定工会"),
        queryset=Org.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("发送范围为“指定工会”时选择（按住 Ctrl 可多选）"),
    )
    audience = forms.ChoiceField(
        label=_("发送对象"), choices=Audience.choices, initial=Audience.ALL
    )
    response = forms.ChoiceField(label=_("回复要求"), choices=ResponseKind.choices)
    due_working_days = forms.IntegerField(
        label=_("回复期限（工作日）"), min_value=1, max_value=60, required=False
    )
    pinned = forms.BooleanField(label=_("置顶"), required=False)
    expires_on = forms.DateField(label=_("有效期至"), required=False, widget=DateInput)
    is_public = forms.BooleanField(label=_("在本工会公开页面展示"), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        below = Org.objects.in_subtree(org.path).exclude(pk=org.pk)
        # Choices are the unions one or two levels down (streets, their unions).
        self.fields["targets"].queryset = below.filter(
            status=OrgStatus.ACTIVE, depth__lte=org.depth + 2
        ).order_by("path")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、Word、Excel 或图片"))


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    kind = forms.ChoiceField(label=_("活动类别"), choices=ActivityKind.choices)
    description = forms.CharField(
        label=_("活动介绍"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    place = forms.CharField(label=_("地点"), max_length=200)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DateTimeInput)
    signup_deadline = forms.DateTimeField(label=_("报名截止"), widget=DateTimeInput)
    cancel_cutoff = forms.DateTimeField(label=_("取消报名截止"), widget=DateTimeInput)
    eligibility = forms.ChoiceField(label=_("报名范围"), choices=Eligibility.choices)
    quota = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)
    hours = forms.DecimalField(
        label=_("计入时长（小时）"), min_value=0, max_digits=5, decimal_places=1
    )


class MemberFiltersForm(forms.Form):
    """The sign-up conditions by member attributes (activities and courses)."""

    target_org = forms.ModelChoiceField(
        label=_("限定工会"),
        queryset=Org.objects.none(),
        required=False,
        empty_label=_("不限（本单位全部）"),
        help_text=_("只允许所选工会（按报名范围：仅该工会，或该工会及下属）的会员报名"),
    )
    filter_gender = forms.ChoiceField(
        label=_("限定性别"), choices=[("", _("不限性别")), *Gender.choices], required=False
    )
    filter_age = forms.ChoiceField(label=_("限定年龄段"), choices=AgeBand.choices, required=False)
    filter_employment = forms.MultipleChoiceField(
        label=_("限定用工形式"),
        choices=EmploymentForm.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("不选为不限；可选农民工、新就业形态等（按住 Ctrl 可多选）"),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_org"].queryset = (
            Org.objects.in_subtree(org.path)
            .filter(status=OrgStatus.ACTIVE, depth__lte=org.depth + 2)
            .order_by("path")
        )


class ActivityFiltersForm(ActivityForm, MemberFiltersForm):
    field_order = list(ActivityForm.base_fields)


class CourseForm(MemberFiltersForm):
    richtext = True
    field_order = [
        "title", "mode", "audience", "provider", "starts_on", "ends_on", "enrol_deadline",
        "place", "hours", "quota", "material", "eligibility",
    ]  # fmt: skip

    title = forms.CharField(label=_("课程名称"), max_length=200)
    mode = forms.ChoiceField(label=_("学习方式"), choices=CourseMode.choices)
    audience = forms.ChoiceField(label=_("培训对象"), choices=CourseAudience.choices)
    provider = forms.CharField(label=_("授课/承办单位"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("开课日期"), widget=DateInput)
    ends_on = forms.DateField(label=_("结课日期"), widget=DateInput, required=False)
    enrol_deadline = forms.DateField(label=_("报名截止日"), widget=DateInput, required=False)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    hours = forms.DecimalField(
        label=_("学时"), min_value=Decimal("0.5"), max_digits=5, decimal_places=1
    )
    quota = forms.IntegerField(
        label=_("名额"), min_value=1, max_value=100000, required=False, help_text=_("留空为不限")
    )
    material = forms.CharField(
        label=_("课程内容"),
        widget=RichTextarea,
        required=False,
        help_text=_("课程介绍或线上学习材料；可使用标题、加粗、列表和链接"),
    )
    eligibility = forms.ChoiceField(label=_("报名范围"), choices=Eligibility.choices)


def _hours_field(label, help_text):
    """Hours to credit (half hours; blank: the course's own)."""
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.5"),
        max_digits=5,
        decimal_places=1,
        required=False,
        help_text=help_text,
    )


class AttendanceForm(forms.Form):
    enrolments = forms.MultipleChoiceField(
        label=_("出勤学员"), widget=forms.CheckboxSelectMultiple, required=True
    )
    hours = _hours_field(_("本次学时"), _("留空按课程全部学时计入"))

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].choices = [
            (
                str(e.pk),
                _("{learner}（{org}，已获 {hours} 学时）").format(
                    learner=e.learner_name, org=e.org.name, hours=e.hours
                ),
            )
            for e in enrolments
        ]


class OfficialsForm(forms.Form):
    officials = forms.ModelMultipleChoiceField(
        label=_("参训干部"), queryset=Official.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    hours = _hours_field(_("学时"), _("留空按课程学时计入"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officials"].queryset = (
            Official.objects.filter(end_date__isnull=True, term__is_current=True)
            .select_related("org")
            .order_by("org__path", "position", "name")
        )
        self.fields["officials"].label_from_instance = lambda o: f"{o.org.name} · {o}"


class CardCheckinForm(forms.Form):
    card_number = forms.CharField(label=_("会员证号"), max_length=30)


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("活动总结"), widget=forms.Textarea(attrs={"rows": 5}))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("活动照片"), help_text=_("JPG 或 PNG，不超过 10 MB"))


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("问卷标题"), max_length=200)
    intro = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    anonymous = forms.BooleanField(
        label=_("匿名问卷（不保存答卷与会员的对应关系）"), required=False, initial=True
    )
    eligibility = forms.ChoiceField(label=_("调查对象"), choices=Eligibility.choices)
    closes_on = forms.DateField(label=_("截止日期"), widget=DateInput)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("题目"), max_length=300)
    choices = forms.CharField(
        label=_("选项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("选择题每行一个选项"),
    )
    scale_max = forms.IntegerField(label=_("最高分"), min_value=3, max_value=10, initial=5)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class ProfileForm(forms.Form):
    intro = forms.CharField(
        label=_("工会简介（工作内容）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    how_to_join = forms.CharField(
        label=_("如何入会"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
