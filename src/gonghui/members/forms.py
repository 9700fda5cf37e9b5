"""Forms of the members pages (input checks only; the rules live in services)."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gonghui.core import publicforms
from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.orgs.models import Employer

from .models import Education, EmploymentForm, Gender, MemberStatus, PoliticalStatus
from .selectors import AGE_BANDS, SORTS

DATE = DateInput()


class Styled(BootstrapMixin, forms.Form):
    """Bootstrap classes on every widget (core/forms.py BootstrapMixin)."""


ALL = _("全部")


def _blank(choices, label=ALL):
    return [("", label), *choices]


class StaticSelect(forms.Select):
    """A select over fixed choices whose HTML is rendered once per selected value, attributes
    and language, then reused: the member list draws five of them on every page, and
    rendering one through the form templates costs more than the rest of the form.

    A value that is not one of the choices (a hand-made URL) is rendered as usual, unstored,
    so what is stored stays bounded by the choices."""

    _rendered: dict = {}

    def render(self, name, value, attrs=None, renderer=None):
        values = tuple(str(v) for v, _label in self.choices)
        selected = "" if value is None else str(value)
        if selected not in values:
            return super().render(name, value, attrs, renderer)
        key = (
            values,
            name,
            selected,
            get_language(),
            tuple(sorted(self.attrs.items())),
            tuple(sorted((attrs or {}).items())),
        )
        html = self._rendered.get(key)
        if html is None:
            html = self._rendered[key] = super().render(name, value, attrs, renderer)
        return html


class FixedChoiceField(forms.ChoiceField):
    """A choice field over fixed choices, shared by every form made from the class: Django
    deep-copies each field's choices, lazy labels and all, for each form (in case a view
    changes them), which was most of the cost of making the member list's filter form. The
    choices are a tuple, so no form can change them for the others; a form that needs other
    choices sets ``field.choices`` on its own copy, as usual."""

    def __init__(self, *, choices, **kwargs):
        super().__init__(choices=choices, **kwargs)
        self._choices = self.widget.choices = tuple(self._choices)

    def __deepcopy__(self, memo):
        # Field's copy (the widget, error messages, validators), the choices shared
        return forms.Field.__deepcopy__(self, memo)


def _input_html(widget):
    """``django/forms/widgets/input.html`` (with ``attrs.html``) for the context ``widget``,
    written out: the same HTML without a template render per field."""
    attrs = "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return mark_safe(  # noqa: S308  (every part escaped above)
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{attrs}>'
    )


class PlainTextInput(forms.TextInput):
    def _render(self, template_name, context, renderer=None):
        return _input_html(context["widget"])


class PlainNumberInput(forms.NumberInput):
    def _render(self, template_name, context, renderer=None):
        return _input_html(context["widget"])


class FilterForm(Styled):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=PlainTextInput(
            attrs={
                "placeholder": _("姓名、拼音、首字母、身份证后4–6位、手机后4位"),
                "type": "search",
            }
        ),
    )
    org = forms.CharField(label=_("组织代码（含下级）"), required=False, widget=PlainTextInput)
    status = FixedChoiceField(
        label=_("会籍状态"),
        required=False,
        choices=_blank([("members", _("保留会籍（在会、退休、失业）")), *MemberStatus.choices]),
        widget=StaticSelect,
    )
    form = FixedChoiceField(
        label=_("用工形式"),
        required=False,
        choices=_blank(EmploymentForm.choices),
        widget=StaticSelect,
    )
    gender = FixedChoiceField(
        label=_("性别"), required=False, choices=_blank(Gender.choices), widget=StaticSelect
    )
    age = FixedChoiceField(
        label=_("年龄段"),
        required=False,
        choices=_blank([(k, label) for k, label, _y, _o in AGE_BANDS]),
        widget=StaticSelect,
    )
    year = forms.IntegerField(
        label=_("入会年份"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=PlainNumberInput,
    )
    sort = FixedChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("", _("最近登记")),
            ("name", _("姓名拼音")),
            ("join", _("入会日期（早→晚）")),
            ("-join", _("入会日期（晚→早）")),
            ("card", _("会员证号")),
        ],
        widget=StaticSelect,
    )

    def params(self):
        if not self.is_valid():
            return {}
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if v not in (None, "") and (k != "sort" or v in SORTS)
        }


# a phone number box: the phone keypad and the browser's autofill of one's own number
TEL = {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}


class MemberForm(Styled):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=30, help_text=_("18 位；性别和出生日期由身份证号推出")
    )
    phone = forms.CharField(
        label=_("手机号"), max_length=30, required=False, widget=forms.TextInput(attrs=TEL)
    )
    ethnicity = forms.CharField(
        label=_("民族"), max_length=20, required=False, initial="汉族"
    )  # i18n: data
    education = forms.ChoiceField(
        label=_("学历"), required=False, choices=_blank(Education.choices, "—")
    )
    political_status = forms.ChoiceField(
        label=_("政治面貌"), required=False, choices=_blank(PoliticalStatus.choices, "—")
    )
    employment_form = forms.ChoiceField(label=_("用工形式"), choices=EmploymentForm.choices)
    employer = forms.ModelChoiceField(
        label=_("工作单位"), required=False, queryset=Employer.unscoped.none()
    )
    join_date = forms.DateField(label=_("入会日期"), required=False, widget=DATE)
    card_number = forms.CharField(
        label=_("会员证号"), max_length=30, required=False, help_text=_("留空由系统生成")
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["employer"].queryset = employers


class StatusForm(Styled):
    status = forms.ChoiceField(
        label=_("新的会籍状态"),
        choices=[c for c in MemberStatus.choices if c[0] != MemberStatus.TRANSFERRED_OUT],
    )
    on_date = forms.DateField(label=_("日期"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("原因"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("原因（退会、去世必填）")}),
    )


class TransferForm(Styled):
    to_org = forms.CharField(label=_("转入工会代码（区内）"), max_length=30, required=False)
    destination_text = forms.CharField(
        label=_("或：区外去向"),
        max_length=200,
        required=False,
        help_text=_("转往区外时填写对方工会或单位名称"),
    )
    reason = forms.CharField(label=_("转会原因"), max_length=300, required=False)


class TransferRequestForm(Styled):
    id_number = forms.CharField(label=_("身份证号"), max_length=30)
    to_org = forms.CharField(label=_("转入本会（组织代码）"), max_length=30)
    reason = forms.CharField(label=_("转会原因"), max_length=300, required=False)


class ReasonForm(Styled):
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class JoinForm(Styled):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("手机号"),
        max_length=30,
        widget=forms.TextInput(attrs=TEL),
    )
    employer_name = forms.CharField(label=_("工作单位（平台企业）"), max_length=150)
    employment_form = forms.ChoiceField(label=_("用工形式"), choices=EmploymentForm.choices)
    consent = forms.BooleanField(
        label=_("我已阅读并同意上方《个人信息处理告知书》"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        publicforms.limit_text(
            self, {"name": 50, "id_number": 30, "phone": 30, "employer_name": 150}
        )


class ApproveForm(Styled):
    employer = forms.ModelChoiceField(
        label=_("工作单位"), required=False, queryset=Employer.unscoped.none()
    )
    join_date = forms.DateField(label=_("入会日期"), required=False, widget=DATE)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["employer"].queryset = employers


class StatsForm(Styled):
    org = forms.CharField(
        label=_("组织代码"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("组织代码（留空为本级）")}),
    )
    denominator = forms.ChoiceField(
        label=_("入会率/建会率口径"),
        required=False,
        choices=[("all", _("全部单位/全部职工")), ("unionised", _("已建会单位/达标单位"))],
    )
