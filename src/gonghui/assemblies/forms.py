from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput, DateTimeInput

from .models import Congress, Delegate, DelegateStatus, PollKind, PollMethod, Satisfaction

Styled = BootstrapMixin  # the one form mixin (core/forms.py)


class CongressForm(Styled, forms.ModelForm):
    class Meta:
        model = Congress
        fields = [
            "kind",
            "name",
            "employer",
            "term_number",
            "term_start",
            "term_years",
            "seats",
            "workforce_women_percent",
        ]
        widgets = {"term_start": DateInput}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.models import Employer

        self.fields["employer"].queryset = Employer.objects.filter(org=org).order_by("name")


class DelegateForm(Styled, forms.Form):
    member_ref = forms.CharField(label=_("会员（会员证号或姓名）"), max_length=50)
    constituency = forms.CharField(label=_("选区/代表团"), max_length=100, required=False)
    is_manager = forms.BooleanField(label=_("中层以上管理人员"), required=False)
    is_frontline = forms.BooleanField(label=_("一线职工"), required=False)
    is_observer = forms.BooleanField(label=_("列席（无表决权）"), required=False)
    in_presidium = forms.BooleanField(label=_("主席团成员"), required=False)
    elected_on = forms.DateField(label=_("当选日期"), widget=DateInput, required=False)
    election_record = forms.CharField(
        label=_("选区选举情况"),
        max_length=200,
        required=False,
        help_text=_("例如：应到 52 人，实到 50 人，得票 46"),
    )


class EndDelegateForm(Styled, forms.Form):
    status = forms.ChoiceField(
        label=_("方式"),
        choices=[
            (DelegateStatus.REPLACED, _("替补（补选新代表）")),
            (DelegateStatus.RECALLED, _("罢免")),
            (DelegateStatus.LEFT, _("终止（调离、退休等）")),
        ],
    )
    reason = forms.CharField(label=_("原因"), max_length=200)
    successor_ref = forms.CharField(
        label=_("替补会员（会员证号或姓名）"), max_length=50, required=False
    )


class SessionForm(Styled, forms.Form):
    number = forms.IntegerField(label=_("第几次会议"), min_value=1, initial=1)
    title = forms.CharField(label=_("会议名称"), max_length=150)
    starts_at = forms.DateTimeField(label=_("开会时间"), widget=DateTimeInput)
    venue = forms.CharField(label=_("地点"), max_length=150, required=False)
    agenda = forms.CharField(
        label=_("议程（每行一项）"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class DocumentForm(Styled, forms.Form):
    title = forms.CharField(label=_("文件名称"), max_length=200)
    body = forms.CharField(
        label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("附件"), required=False)
    release = forms.BooleanField(label=_("立即发给代表"), required=False)


class AgendaForm(Styled, forms.Form):
    title = forms.CharField(label=_("新增议程"), max_length=200)


class MinutesForm(Styled, forms.Form):
    minutes = forms.CharField(
        label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class PollForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=PollKind.choices)
    title = forms.CharField(label=_("表决事项"), max_length=200)
    is_secret = forms.BooleanField(label=_("无记名投票"), required=False, initial=True)
    method = forms.ChoiceField(label=_("方式"), choices=PollMethod.choices)
    seats = forms.IntegerField(label=_("应选名额（选举）"), min_value=0, required=False)
    candidates = forms.CharField(
        label=_("候选人（选举，每行一人）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("保存后按姓氏笔画排序"),
    )
    allow_write_in = forms.BooleanField(label=_("允许另选他人"), required=False)

    def candidate_names(self):
        return [
            line.strip()
            for line in self.cleaned_data.get("candidates", "").splitlines()
            if line.strip()
        ]


def _passphrase(label):
    return forms.CharField(
        label=label,
        max_length=200,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class OpenPollForm(Styled, forms.Form):
    """The scrutineers of a secret electronic poll each type their own opening passphrase."""

    chief_name = forms.CharField(label=_("总监票人姓名"), max_length=50, required=False)
    chief_passphrase = _passphrase(_("总监票人开票口令"))
    member1_name = forms.CharField(label=_("监票人姓名"), max_length=50, required=False)
    member1_passphrase = _passphrase(_("监票人开票口令"))
    member2_name = forms.CharField(label=_("监票人姓名（可选）"), max_length=50, required=False)
    member2_passphrase = _passphrase(_("监票人开票口令（可选）"))

    def scrutineers(self):
        data = self.cleaned_data
        members = [
            (data[f"member{i}_name"], data[f"member{i}_passphrase"])
            for i in (1, 2)
            if data[f"member{i}_name"] or data[f"member{i}_passphrase"]
        ]
        return {"chief": (data["chief_name"], data["chief_passphrase"]), "members": members}


class ClosePollForm(Styled, forms.Form):
    chief_passphrase = _passphrase(_("总监票人开票口令"))
    member_passphrase = _passphrase(_("任一监票人开票口令"))


class ResolutionTallyForm(Styled, forms.Form):
    yes = forms.IntegerField(label=_("赞成"), min_value=0)
    no = forms.IntegerField(label=_("反对"), min_value=0)
    abstain = forms.IntegerField(label=_("弃权"), min_value=0)
    invalid = forms.IntegerField(label=_("无效票（废票）"), min_value=0, initial=0)


class ElectionTallyForm(Styled, forms.Form):
    valid = forms.IntegerField(label=_("有效票"), min_value=0)
    invalid = forms.IntegerField(label=_("无效票（废票）"), min_value=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for c in self.candidates:
            for mark, label in (("for", _("赞成")), ("against", _("反对")), ("abstain", _("弃权"))):
                self.fields[f"c{c.pk}_{mark}"] = forms.IntegerField(
                    label=f"{c.name} {label}",
                    min_value=0,
                    initial=0,
                    widget=forms.NumberInput(attrs={"class": "form-control"}),
                )

    def counts(self):
        data = self.cleaned_data
        return {
            "valid": data["valid"],
            "invalid": data["invalid"],
            "candidates": {
                str(c.pk): {m: data[f"c{c.pk}_{m}"] for m in ("for", "against", "abstain")}
                for c in self.candidates
            },
        }


class ProposalForm(Styled, forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200)
    body = forms.CharField(label=_("理由及建议"), widget=forms.Textarea(attrs={"rows": 5}))
    cosigners = forms.ModelMultipleChoiceField(
        label=_("附议代表"),
        queryset=Delegate.unscoped.none(),  # empty until __init__ sets the congress's delegates
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, congress, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = congress.delegates.filter(status=DelegateStatus.ACTIVE).select_related("member")
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.fields["cosigners"].queryset = qs.order_by("member__name")
        self.fields["cosigners"].label_from_instance = lambda d: d.member.name
        self.fields["cosigners"].help_text = _("至少 %(n)s 名（按住 Ctrl 或长按多选）") % {
            "n": congress.cosigners_min
        }


class HandleProposalForm(Styled, forms.Form):
    action = forms.ChoiceField(
        label=_("办理"),
        choices=[
            ("accept", _("立案")),
            ("merge", _("并案")),
            ("return", _("不予立案（退回）")),
            ("assign", _("交办")),
            ("answer", _("书面答复")),
        ],
    )
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)
    department = forms.CharField(label=_("承办部门"), max_length=100, required=False)
    answer = forms.CharField(
        label=_("书面答复"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    merged_into = forms.IntegerField(label=_("并入提案编号"), required=False)


class RateForm(Styled, forms.Form):
    satisfaction = forms.ChoiceField(label=_("对办理结果"), choices=Satisfaction.choices)


class ReceiptForm(Styled, forms.Form):
    code = forms.CharField(
        label=_("回执码"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "XXXX-XXXX-XXXX", "autocomplete": "off"}),
    )
