from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core import publicforms
from gonghui.core.forms import DateInput, style_fields, yuan_field
from gonghui.orgs.models import Employer, Org, OrgKind, OrgStatus

from .enums import (
    STAFF_CLOSURE_REASONS,
    CaseKind,
    CaseOutcome,
    Category,
    Channel,
    PartyRole,
    SessionKind,
    Status,
)

DATE = DateInput()


class _RequestFields(forms.Form):
    category = forms.ChoiceField(label=_("诉求类别"), choices=Category.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 4}))
    employer_name = forms.CharField(label=_("用人单位名称"), max_length=150, required=False)
    affected_workers = forms.IntegerField(label=_("涉及职工人数"), min_value=1, initial=1)
    amount_claimed = yuan_field(_("涉及金额（元）"), required=False)
    anonymous = forms.BooleanField(
        label=_("匿名提交（不保存任何可识别您身份的信息，凭查询码跟进）"),
        required=False,
        help_text=_("仅部分类别可匿名"),
    )

    def apply_widgets(self):
        style_fields(self)


def _employer_choice(label):
    # unscoped: an empty queryset; _ChosenEmployer fills the scoped choices
    return forms.ModelChoiceField(label=label, queryset=Employer.unscoped.none(), required=False)


# The request's own fields in the order both staff and workers see them (before the contact).
_CHOSEN_EMPLOYER_ORDER = [
    "category",
    "title",
    "description",
    "employer",
    "employer_name",
    "affected_workers",
    "amount_claimed",
]


class _ChosenEmployer(_RequestFields):
    """A request form whose ``employer`` is chosen among the active employers in scope."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(is_active=True).order_by("name")
        self.apply_widgets()


class WorkerRequestForm(_ChosenEmployer):
    """A logged-in worker's request from the phone."""

    employer = _employer_choice(_("用人单位"))
    contact_phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False)
    field_order = [*_CHOSEN_EMPLOYER_ORDER, "contact_phone", "anonymous"]


# The most characters each free text of the public form takes (issue 12, finding 6).
PUBLIC_TEXT_LIMITS = {
    "title": 100,
    "description": 5000,
    "employer_name": 150,
    "credit_code": 18,
    "contact_name": 50,
    "contact_phone": 20,
}


class PublicRequestForm(_RequestFields):
    """The public intake form (no login): contact phone required unless anonymous."""

    credit_code = forms.CharField(
        label=_("单位统一社会信用代码（选填）"), max_length=18, required=False
    )
    street = forms.ModelChoiceField(
        label=_("所在街道（乡镇）/产业工会"), queryset=Org.objects.none(), required=False
    )
    contact_name = forms.CharField(label=_("联系人姓名"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    consent = forms.BooleanField(
        label=_("我已阅读并同意：工会仅为办理本诉求使用我的联系方式"), required=False
    )
    field_order = [
        "category",
        "title",
        "description",
        "employer_name",
        "credit_code",
        "street",
        "affected_workers",
        "amount_claimed",
        "contact_name",
        "contact_phone",
        "anonymous",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = Org.objects.filter(
            kind__in=[OrgKind.STREET, OrgKind.INDUSTRY], status=OrgStatus.ACTIVE
        ).order_by("path")
        publicforms.limit_text(self, PUBLIC_TEXT_LIMITS)
        self.apply_widgets()

    def clean(self):
        data = super().clean()
        if not data.get("anonymous") and not data.get("consent"):
            self.add_error("consent", _("请同意个人信息使用说明，或选择匿名提交"))
        return data


class StaffRequestForm(_ChosenEmployer):
    """Staff enter a hotline call (12351) or a request on a worker's behalf."""

    channel = forms.ChoiceField(
        label=_("渠道"), choices=[c for c in Channel.choices if c[0] != Channel.APP]
    )
    employer = _employer_choice(_("用人单位（决定承办工会）"))
    contact_name = forms.CharField(label=_("来电人/职工姓名"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    field_order = [
        "channel",
        *_CHOSEN_EMPLOYER_ORDER,
        "contact_name",
        "contact_phone",
        "anonymous",
    ]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("open", _("在办")), *list(Status.choices)],
    )
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *list(Category.choices)]
    )
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)
    urgent = forms.BooleanField(label=_("仅紧急"), required=False)
    mine = forms.BooleanField(label=_("我承办的"), required=False)
    q = forms.CharField(label=_("搜索"), required=False)


_styled = style_fields  # the one form styling (core/forms.py)


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class AssignForm(StyledForm):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class NoteForm(StyledForm):
    text = forms.CharField(
        label=_("办理记录（电话、走访、协调等）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(StyledForm):
    text = forms.CharField(label=_("书面答复"), widget=forms.Textarea(attrs={"rows": 5}))


class TransferForm(StyledForm):
    to_org = forms.CharField(label=_("转至工会（组织代码）"), max_length=30)
    reason = forms.CharField(label=_("转办理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledForm):
    reason = forms.ChoiceField(label=_("办结原因"), choices=STAFF_CLOSURE_REASONS)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class RateForm(StyledForm):
    score = forms.TypedChoiceField(
        label=_("满意度"),
        coerce=int,
        choices=[
            (5, _("5 非常满意")),
            (4, _("4 满意")),
            (3, _("3 一般")),
            (2, _("2 不满意")),
            (1, _("1 非常不满意")),
        ],
    )
    comment = forms.CharField(label=_("评价意见（选填）"), max_length=500, required=False)


class ReopenForm(StyledForm):
    reason = forms.CharField(
        label=_("不满意的原因（每件诉求可申请重新办理一次）"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TrackForm(StyledForm):
    code = forms.CharField(label=_("查询码"), max_length=20)


class CaseForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=CaseKind.choices)
    title = forms.CharField(label=_("案由"), max_length=150)
    counsel_name = forms.CharField(label=_("律师/调解员"), max_length=50, required=False)
    counsel_org = forms.CharField(label=_("所在机构"), max_length=100, required=False)
    opened_on = forms.DateField(label=_("立案日期"), widget=DATE)
    summary = forms.CharField(
        label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PartyForm(StyledForm):
    role = forms.ChoiceField(label=_("身份"), choices=PartyRole.choices)
    name = forms.CharField(label=_("名称/姓名"), max_length=150)
    workers = forms.IntegerField(label=_("代表职工人数"), min_value=1, initial=1)


class ClaimForm(StyledForm):
    description = forms.CharField(label=_("请求事项"), max_length=200)
    amount = yuan_field(_("金额（元）"))


class SessionForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("记录"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AgreementForm(StyledForm):
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    terms = forms.CharField(label=_("协议内容"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = yuan_field(_("协议金额（元）"))


class RecoveryForm(StyledForm):
    received_on = forms.DateField(label=_("到账日期"), widget=DATE)
    amount = forms.DecimalField(
        label=_("追回金额（元，冲正填负数）"), max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class CloseCaseForm(StyledForm):
    outcome = forms.ChoiceField(label=_("结案结果"), choices=CaseOutcome.choices)
    closed_on = forms.DateField(label=_("结案日期"), widget=DATE)


class StartRatingForm(StyledForm):
    org = forms.CharField(label=_("基层工会组织代码"), max_length=30)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class CriterionForm(StyledForm):
    code = forms.CharField(label=_("编号"), max_length=10)
    title = forms.CharField(label=_("考核内容"), max_length=200)
    max_score = forms.IntegerField(label=_("分值"), min_value=1, max_value=100)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))
