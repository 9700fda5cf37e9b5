from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput, yuan_field
from gonghui.orgs.models import Employer

from .models import (
    Channel,
    ConsultationKind,
    ContractKind,
    Coverage,
    DisclosureCategory,
    Pledge,
    QuestionKind,
    Side,
)
from .selectors import employers_in_scope


def _date(label, required=True):
    return forms.DateField(label=label, widget=DateInput, required=required)


def _text(label, required=True, rows=4):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class Form(BootstrapMixin, forms.Form):
    """Bootstrap classes on every widget (core/forms.py BootstrapMixin)."""


class EmployerChoice(forms.ModelChoiceField):
    """An employer of the active scope (the queryset is set per form, inside the request)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Employer.unscoped.none(), **kwargs)  # set per form


class ScopedEmployersMixin:
    def _scope_employers(self):
        for name in ("employer", "covered_employers"):
            if name in self.fields:
                self.fields[name].queryset = employers_in_scope()


def _covered_employers():
    """The employers a regional or industry-wide consultation or contract covers."""
    return forms.ModelMultipleChoiceField(
        label=_("覆盖单位（区域性、行业性）"),
        queryset=Employer.unscoped.none(),  # empty until the form sets the scope's employers
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class DisclosureForm(ScopedEmployersMixin, Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    employer = EmployerChoice(label=_("单位"))
    category = forms.ModelChoiceField(
        label=_("公开类别"), queryset=DisclosureCategory.objects.none()
    )
    title = forms.CharField(label=_("标题"), max_length=150)
    body = _text(_("公开内容"), rows=8)
    decision_date = _date(_("决定日期"))
    channels = forms.MultipleChoiceField(
        label=_("公开渠道"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DisclosureCategory.objects.filter(is_active=True)
        self._scope_employers()
        if editing:
            del self.fields["employer"]


class PostForm(Form):
    posted_on = _date(_("公开日期"))
    display_until = _date(_("公开截止日期"))
    channels = forms.MultipleChoiceField(
        label=_("公开渠道"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )


class WithdrawForm(Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=200)


class RevisionForm(Form):
    reason = forms.CharField(label=_("修改原因"), max_length=200)


class AttachmentForm(Form):
    file = forms.FileField(label=_("附件（PDF、图片、Word、Excel，≤ 10 MB）"))


class QuestionForm(Form):
    kind = forms.ChoiceField(label=_("类型"), choices=QuestionKind.choices)
    text = _text(_("您的询问或异议"), rows=4)


class AnswerForm(Form):
    answer = _text(_("答复"), rows=5)


class CategoryForm(Form):
    code = forms.SlugField(label=_("代码（英文）"), max_length=40)
    name = forms.CharField(label=_("名称"), max_length=60)
    required = forms.BooleanField(label=_("每年必须公开"), required=False)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=100)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class ConsultationForm(ScopedEmployersMixin, Form):
    kind = forms.ChoiceField(label=_("协商类型"), choices=ConsultationKind.choices)
    coverage = forms.ChoiceField(label=_("范围"), choices=Coverage.choices)
    employer = EmployerChoice(label=_("单位（企业集体协商）"), required=False)
    covered_employers = _covered_employers()
    employer_party = forms.CharField(
        label=_("企业方（区域性、行业性填企业代表组织）"), max_length=150, required=False
    )
    title = forms.CharField(label=_("名称"), max_length=150)
    requested_by = forms.ChoiceField(
        label=_("提出方"), choices=[("union", _("工会方")), ("employer", _("企业方"))]
    )
    requested_on = _date(_("提出协商要约日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_employers()


class RepresentativeForm(Form):
    side = forms.ChoiceField(label=_("代表方"), choices=Side.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    position = forms.CharField(label=_("职务"), max_length=60, required=False)
    is_chief = forms.BooleanField(label=_("首席代表"), required=False)


class RoundForm(Form):
    held_on = _date(_("协商日期"))
    union_offer = _text(_("职工方方案/要约"))
    employer_offer = _text(_("企业方方案/回应"), required=False)
    union_wage_growth = forms.DecimalField(
        label=_("职工方工资增幅（%）"), max_digits=5, decimal_places=2, required=False
    )
    employer_wage_growth = forms.DecimalField(
        label=_("企业方工资增幅（%）"), max_digits=5, decimal_places=2, required=False
    )
    minutes = _text(_("会议纪要"), required=False, rows=6)


class ConcludeForm(Form):
    agreed = forms.TypedChoiceField(
        label=_("结果"),
        coerce=lambda v: v == "1",
        choices=[("1", _("达成一致")), ("0", _("未达成一致"))],
    )
    outcome = _text(_("协商结果"))
    concluded_on = _date(_("结束日期"))


class ContractForm(ScopedEmployersMixin, Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("合同类型"), choices=ContractKind.choices)
    coverage = forms.ChoiceField(label=_("范围"), choices=Coverage.choices)
    employer = EmployerChoice(label=_("单位（企业合同）"), required=False)
    covered_employers = _covered_employers()
    employer_party = forms.CharField(label=_("企业方"), max_length=150, required=False)
    title = forms.CharField(label=_("名称"), max_length=150)
    body = _text(_("合同正文"), rows=10)
    start_date = _date(_("期限开始"))
    end_date = _date(_("期限届满"))
    workers_covered = forms.IntegerField(
        label=_("覆盖职工人数（留空按单位职工人数合计）"), min_value=0, required=False
    )
    wage_growth_pct = forms.DecimalField(
        label=_("工资增长幅度（%）"), max_digits=5, decimal_places=2, required=False
    )
    lowest_wage = forms.DecimalField(
        label=_("企业最低工资（元/月）"), max_digits=12, decimal_places=2, required=False
    )
    pay_day = forms.CharField(label=_("工资支付日期"), max_length=60, required=False)

    def __init__(self, *args, fixed_coverage=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_coverage:
            for name in ("coverage", "employer", "covered_employers"):
                del self.fields[name]
        else:
            self._scope_employers()


class ApprovalForm(Form):
    approved_on = _date(_("职代会表决日期"))
    delegates_total = forms.IntegerField(label=_("全体代表人数"), min_value=1)
    delegates_present = forms.IntegerField(label=_("出席代表人数"), min_value=0)
    votes_for = forms.IntegerField(label=_("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对票"), min_value=0)
    resolution_ref = forms.CharField(
        label=_("职代会决议编号/链接（可选）"), max_length=200, required=False
    )


class ResolutionForm(Form):
    """Pick the congress resolution that approved the draft (its tally comes with it)."""

    poll = forms.TypedChoiceField(label=_("职代会决议"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, polls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poll"].choices = [(p.pk, resolution_label(p)) for p in polls]


def resolution_label(poll):
    r = poll.result
    return _(
        "%(congress)s · %(session)s · %(title)s（赞成 %(yes)s、反对 %(no)s、弃权 %(abstain)s）"
    ) % {
        "congress": poll.session.congress.name,
        "session": poll.session.title,
        "title": poll.title,
        "yes": r.get("yes", 0),
        "no": r.get("no", 0),
        "abstain": r.get("abstain", 0),
    }


class SignForm(Form):
    signed_on = _date(_("首席代表签字日期"))
    union_signatory = forms.CharField(label=_("职工方首席代表"), max_length=50)
    employer_signatory = forms.CharField(label=_("企业方首席代表"), max_length=50)


class FileForm(Form):
    filed_on = _date(_("报送日期"))
    authority = forms.CharField(
        label=_("审查机关"), max_length=100, initial=gettext_lazy("区人力资源和社会保障局")
    )


class ReplyForm(Form):
    reply_on = _date(_("审查意见日期"))
    objection = forms.BooleanField(label=_("审查机关提出异议"), required=False)
    note = _text(_("审查意见"), required=False, rows=3)


class PublishForm(Form):
    published_on = _date(_("向职工公布日期"))


class CommitmentForm(ScopedEmployersMixin, Form):
    employer = EmployerChoice(label=_("单位"))
    title = forms.CharField(label=_("名称"), max_length=150)
    pledges = forms.MultipleChoiceField(
        label=_("约定内容"), choices=Pledge.choices, widget=forms.CheckboxSelectMultiple
    )
    details = _text(_("具体约定"), required=False)
    start_date = _date(_("开始日期"))
    end_date = _date(_("结束日期"))
    signed_on = _date(_("签订日期"))
    union_signatory = forms.CharField(label=_("工会方代表"), max_length=50)
    employer_signatory = forms.CharField(label=_("企业方代表"), max_length=50)
    workers_covered = forms.IntegerField(
        label=_("覆盖职工人数"), min_value=0, max_value=10_000_000, initial=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_employers()


class TargetForm(Form):
    name = forms.CharField(label=_("目标"), max_length=80)
    target_value = yuan_field(_("目标值"))
    unit = forms.CharField(label=_("单位（如 人、人次、万元）"), max_length=20, required=False)


class TargetProgressForm(Form):
    actual_value = yuan_field(_("完成值"))


class CheckForm(Form):
    checked_on = _date(_("检查日期"))
    kept = forms.BooleanField(label=_("约定得到履行"), required=False, initial=True)
    findings = _text(_("检查情况"))


class CloseCommitmentForm(Form):
    kept = forms.TypedChoiceField(
        label=_("结果"), coerce=lambda v: v == "1", choices=[("1", _("已履行")), ("0", _("未履行"))]
    )
    outcome = _text(_("履行结果"))
    closed_on = _date(_("结束评估日期"))
