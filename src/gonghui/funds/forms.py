from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput
from gonghui.core.text.normalize import parse_decimal
from gonghui.orgs.forms import OrgCodeField
from gonghui.orgs.models import Employer

from .enums import BudgetCategory, DuesMethod, FundKind


class MoneyField(forms.CharField):
    """Yuan typed the way staff write them ("1,234.50", "￥1234.5"), read as Decimal."""

    def __init__(self, *, allow_zero=False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        amount, error = parse_decimal(text, places=2)
        if error or amount is None:
            raise forms.ValidationError(_("请填写金额，最多两位小数，如 1234.50"))
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise forms.ValidationError(_("金额须大于 0"))
        if amount >= Decimal("1e12"):
            raise forms.ValidationError(_("金额过大"))
        return amount


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput, **kwargs)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("截至月份"), min_value=1, max_value=12)

    @classmethod
    def from_request(cls, request):
        today = timezone.localdate()
        form = cls(request.GET or None, initial={"year": today.year, "month": today.month})
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data["year"], form.cleaned_data["month"]
        return cls(initial={"year": today.year, "month": today.month}), today.year, today.month


class EmployerFundsForm(forms.Form):
    monthly_payroll = MoneyField(label=_("申报月工资总额（元）"), allow_zero=True)
    contact_name = forms.CharField(label=_("财务联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系人手机"), max_length=20, required=False)


class MatchForm(forms.Form):
    credit_code = forms.CharField(label=_("对应单位的统一社会信用代码"), max_length=18)

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        employer = Employer.objects.filter(credit_code=code).select_related("org").first()
        if employer is None:
            raise forms.ValidationError(_("找不到该统一社会信用代码的单位（或不在您的管理范围内）"))
        return employer


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("款项"), choices=FundKind.choices)
    valid_from = _date(_("起用日期"))
    grassroots = forms.DecimalField(
        label=_("基层工会（%）"), min_value=0, max_value=100, decimal_places=2
    )
    street = forms.DecimalField(
        label=_("街道/产业工会（%）"), min_value=0, max_value=100, decimal_places=2
    )
    district = forms.DecimalField(
        label=_("区总工会（%）"), min_value=0, max_value=100, decimal_places=2
    )
    upper = forms.DecimalField(
        label=_("市总及以上（%）"), min_value=0, max_value=100, decimal_places=2
    )
    note = forms.CharField(label=_("依据"), max_length=200, required=False)


class TransferForm(forms.Form):
    payer = OrgCodeField(label=_("付款单位组织代码"))
    payee = forms.CharField(
        label=_("收款单位组织代码（上解市总及以上留空）"), max_length=30, required=False
    )
    amount = MoneyField(label=_("金额（元）"))
    on = _date(_("日期"))
    reference = forms.CharField(label=_("银行凭证号"), max_length=60)
    memo = forms.CharField(label=_("摘要"), max_length=100, required=False)

    def clean_payee(self):
        from gonghui.orgs.models import Org

        code = self.cleaned_data["payee"].strip()
        if not code:
            return None
        org = Org.objects.filter(code=code).first()  # the tree's shape is not secret
        if org is None:
            raise forms.ValidationError(_("找不到该组织代码"))
        return org


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("冲正理由"), max_length=150)


class UnmatchForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=150)


class DuesRateForm(forms.Form):
    rate_pct = forms.DecimalField(
        label=_("会费比例（%）"), min_value=0, max_value=5, decimal_places=3, initial=Decimal("0.5")
    )
    valid_from = _date(_("起用日期"))
    bands = forms.CharField(
        label=_("分档（每行：工资上限 比例，可空）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuesBaseForm(forms.Form):
    wage = MoneyField(label=_("工资基数（元/月）"), allow_zero=True)
    method = forms.ChoiceField(label=_("缴纳方式"), choices=DuesMethod.choices)


class RollForm(forms.Form):
    month = forms.RegexField(
        label=_("月份"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        max_length=7,
        error_messages={"invalid": _("请写成 2026-03")},
    )


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("支出科目"), choices=BudgetCategory.choices)
    title = forms.CharField(label=_("预算项目"), max_length=100)
    amount = MoneyField(label=_("预算金额（元）"))


class ExpenseForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("预算项目"), queryset=None)
    spent_on = _date(_("支出日期"))
    payee = forms.CharField(label=_("收款方"), max_length=100)
    purpose = forms.CharField(label=_("用途"), max_length=200)
    amount = MoneyField(label=_("金额（元）"))
    receipt = forms.FileField(label=_("凭证（PDF、JPG 或 PNG）"))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


class ReceiptForm(forms.Form):
    receipt = forms.FileField(label=_("凭证（PDF、JPG 或 PNG）"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200)


class FindingForm(forms.Form):
    text = forms.CharField(
        label=_("审查发现"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("整改说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConcludeForm(forms.Form):
    opinion = forms.CharField(
        label=_("审查意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
