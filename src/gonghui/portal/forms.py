from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from gonghui.core.text.normalize import to_halfwidth
from gonghui.members.models import normalize_id, normalize_phone

from .services import OPTIONAL_FIELDS

PHONE = {"regex": r"^1\d{10}$", "error_messages": {"invalid": _("请输入 11 位手机号")}}


class PhoneField(forms.RegexField):
    """A mobile number as people type or paste it on a phone: the number keypad, the phone's
    own number offered by autofill, "+86 138 0013 8000" or full-width digits accepted (the
    box takes up to 20 characters; what is checked is the 11 digits left)."""

    widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})

    def __init__(self, **kwargs):
        super().__init__(label=_("手机号"), max_length=11, **PHONE, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "20"}

    def to_python(self, value):
        return normalize_phone(super().to_python(value) or "")


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("身份证号"), max_length=18, min_length=15, **kwargs)

    def to_python(self, value):
        return normalize_id(super().to_python(value) or "")


class CodeField(forms.RegexField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("短信验证码"),
            regex=r"^\d{6}$",
            max_length=6,
            error_messages={"invalid": _("请输入 6 位数字验证码")},
            # the number keypad, and the code offered from the text message as it arrives
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
            **kwargs,
        )

    def to_python(self, value):
        """Spaces and full-width digits (a Chinese input method) are taken off."""
        return "".join(to_halfwidth(super().to_python(value) or "").split())


class NewPasswordForm(forms.Form):
    # "new-password": the phone offers a strong password and keeps it
    password = forms.CharField(
        label=_("设置密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return data


class ActivateForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = IdNumberField()
    phone = PhoneField(help_text=_("工会会员名册登记的手机号"))


class ActivateCodeForm(NewPasswordForm):
    code = CodeField()
    field_order = ["code", "password", "password2"]


class InvitationForm(NewPasswordForm):
    id_number = IdNumberField(help_text=_("用于核实本人身份"))
    field_order = ["id_number", "password", "password2"]


class PhoneLoginForm(forms.Form):
    phone = PhoneField()
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PhoneForm(forms.Form):
    phone = PhoneField()


class CodeLoginForm(forms.Form):
    code = CodeField()


class ResetForm(NewPasswordForm):
    code = CodeField()
    field_order = ["code", "password", "password2"]


CORRECTION_FIELDS = [
    gettext_noop("姓名"),
    gettext_noop("性别"),
    gettext_noop("民族"),
    gettext_noop("出生日期"),
    gettext_noop("身份证号"),
    gettext_noop("手机号"),
    gettext_noop("学历"),
    gettext_noop("用工形式"),
    gettext_noop("工作单位"),
    gettext_noop("入会日期"),
    gettext_noop("会籍记录"),
    gettext_noop("其他"),
]


class CorrectionForm(forms.Form):
    field_label = forms.ChoiceField(
        label=_("需更正的信息"),
        # the request keeps the Chinese word; pages show it through {% translate %}
        choices=[(v, _(v)) for v in CORRECTION_FIELDS],
    )
    text = forms.CharField(
        label=_("正确的内容及说明"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsentForm(forms.Form):
    fields = forms.MultipleChoiceField(
        label=_("撤回同意的信息项"),
        choices=list(OPTIONAL_FIELDS.items()),
        widget=forms.CheckboxSelectMultiple,
    )


class LinkForm(forms.Form):
    username = forms.CharField(label=_("登录账号（用户名）"), max_length=150)


class AnswerForm(forms.Form):
    done = forms.ChoiceField(
        label=_("处理结果"), choices=[("1", _("已更正")), ("0", _("不予更正"))]
    )
    answer = forms.CharField(label=_("答复"), max_length=300)


class OfficialLinkForm(forms.Form):
    card_number = forms.CharField(label=_("会员证号"), max_length=30)
