from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput, yuan_field
from gonghui.core.text.punctuation import annotated

from .models import ImplementationStatus, ProposalKind, ProposalStatus

Styled = BootstrapMixin  # the one form mixin (core/forms.py)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProposalForm(Styled, forms.Form):
    author_card = forms.CharField(
        label=_("建议人会员证号"), max_length=30, required=False, help_text=_("代会员录入时填写")
    )
    kind = forms.ChoiceField(label=_("类别"), choices=ProposalKind.choices)
    title = forms.CharField(label=_("题目"), max_length=120)
    problem = forms.CharField(label=_("存在的问题"), widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(
        label=_("改进办法"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("没有具体办法的将作为一般意见登记，不参与奖励"),
    )
    expected_benefit = yuan_field(_("预计年效益（元）"), required=False, initial=0)
    co_authors = forms.CharField(
        label=_("共同建议人会员证号"), required=False, help_text=_("多人用逗号或空格分开")
    )
    difference_note = forms.CharField(
        label=_("我的建议有何不同"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("附件（照片、图纸）"), required=False)

    def __init__(self, *args, on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_behalf:
            del self.fields["author_card"]
        else:
            self.fields["author_card"].required = True
        self.fields["title"].widget.attrs.update(
            {
                "hx-get": "similar/",
                "hx-trigger": "input changed delay:600ms",
                "hx-target": "#similar-hint",
                "hx-include": "[name=author_card]",
            }
        )

    def card_numbers(self):
        raw = self.cleaned_data.get("co_authors", "").replace("，", ",").replace(",", " ")
        return [c for c in raw.split() if c]


class AttachmentForm(Styled, forms.Form):
    file = forms.FileField(label=_("附件"))


class TriageForm(Styled, forms.Form):
    outcome = forms.ChoiceField(
        label=_("受理结果"),
        choices=[
            ("triage", _("受理（有具体改进办法）")),
            ("opinion", _("记为一般意见（无具体办法，不予奖励）")),
        ],
    )
    department = forms.CharField(label=_("承办部门"), max_length=60, required=False)
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewersForm(Styled, forms.Form):
    reviewers = forms.MultipleChoiceField(label=_("评审人"), widget=forms.SelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].choices = [(u.pk, annotated(u, u.username)) for u in candidates]


class ReviewForm(Styled, forms.Form):
    comment = forms.CharField(
        label=_("评审意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=gettext("{name}（权重 {weight}，满分 {max_score}）").format(
                    name=gettext(c.name), weight=c.weight, max_score=c.max_score
                ),
                min_value=0,
                max_value=c.max_score,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "step": "0.5", "inputmode": "decimal"}
                ),
            )
        self.criteria = list(criteria)
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])

    def scores(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class RecuseForm(Styled, forms.Form):
    reason = forms.CharField(label=_("回避理由"), max_length=200)


class DecisionForm(Styled, forms.Form):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("adopt", _("采纳")), ("reject", _("不采纳")), ("merge", _("合并到其他建议"))],
    )
    into = forms.CharField(label=_("合并到的建议编号"), max_length=30, required=False)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ImplementationForm(Styled, forms.Form):
    owner = forms.CharField(label=_("实施负责人"), max_length=50, required=False)
    due = forms.DateField(label=_("计划完成日期"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("实施状态"), choices=ImplementationStatus.choices, required=False
    )
    note = forms.CharField(
        label=_("实施情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BenefitForm(Styled, forms.Form):
    actual_benefit = yuan_field(_("实际年效益（元）"))
    basis = forms.CharField(label=_("效益测算依据"), widget=forms.Textarea(attrs={"rows": 3}))


class RewardForm(Styled, forms.Form):
    amount = yuan_field(_("奖励金额（元）"), required=False, help_text=_("留空则按档次内建议金额"))


class PaymentForm(Styled, forms.Form):
    paid_on = forms.DateField(label=_("发放日期"), widget=DateInput)
    reference = forms.CharField(label=_("发放凭证号"), max_length=60, required=False)


class MilestoneForm(Styled, forms.Form):
    title = forms.CharField(label=_("节点"), max_length=100)
    due = forms.DateField(label=_("计划日期"), required=False, widget=DateInput)


class FilterForm(Styled, forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *ProposalStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *ProposalKind.choices]
    )
    org = forms.CharField(label=_("组织代码（含下级）"), required=False)


def _lines(text, columns):
    rows = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if not line.strip():
            continue
        if len(parts) != columns:
            raise forms.ValidationError(_("第 %(n)s 行应有 %(c)s 列") % {"n": number, "c": columns})
        rows.append(parts)
    return rows


class BandsForm(Styled, forms.Form):
    table = forms.CharField(
        label=_("奖励档次（每行：年效益下限, 奖励下限, 奖励上限, 档次名称）"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_table(self):
        rows = _lines(self.cleaned_data["table"], 4)
        try:
            return [(Decimal(a), Decimal(b), Decimal(c), d) for a, b, c, d in rows]
        except ArithmeticError:
            raise forms.ValidationError(_("金额须为数字")) from None


class RubricForm(Styled, forms.Form):
    name = forms.CharField(label=_("细则名称"), max_length=60)
    criteria = forms.CharField(
        label=_("评审项（每行：名称, 权重, 满分）"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_criteria(self):
        rows = _lines(self.cleaned_data["criteria"], 3)
        try:
            return [(n, Decimal(w), int(m)) for n, w, m in rows]
        except (ArithmeticError, ValueError):
            raise forms.ValidationError(_("权重和满分须为数字")) from None
