"""Forms of union life: they validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org, OrgStatus

from .enums import ActivityKind, Audience, Eligibility, QuestionKind, Reach, ResponseKind


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("可使用段落、加粗、列表、表格和链接等简单格式（HTML），其余内容会被清除"),
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
