from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .tree import Org


class OrgCodeField(forms.CharField):
    """An org code typed by the user, cleaned to the ``Org`` in the active scope."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        org = Org.objects.visible().filter(code=code.strip()).first()
        if org is None:
            raise forms.ValidationError(_("找不到该组织代码（或不在您的管理范围内）"))
        return org

    def prepare_value(self, value):
        return value.code if isinstance(value, Org) else value


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always written 2026-03-05: a ``type="date"`` box
    shows nothing for the locale's "2026/03/05", so an edit form would come back with the date
    gone (required: refused; optional: cleared)."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, its value written 2026-03-05T14:30 (see DateInput)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%dT%H:%M")


def css_class(widget):
    """Bootstrap's class for a widget: checks and radios, selects, everything else."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


def style_fields(form):
    """Add Bootstrap's class to every widget of ``form`` (classes set by hand are kept)."""
    for field in form.fields.values():
        classes = field.widget.attrs.get("class", "").split()
        css = css_class(field.widget)
        if css not in classes:
            field.widget.attrs["class"] = " ".join([*classes, css])
    return form


class BootstrapMixin:
    """Bootstrap classes on every widget (``core/_form.html`` renders widgets as they are).
    The one form mixin: ``class MyForm(BootstrapMixin, forms.Form)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class LoginForm(AuthenticationForm):
    # autocomplete: the browser's password manager fills and keeps the login (Django's own form
    # says the same; these fields replace its labels)
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OTPForm(forms.Form):
    code = forms.RegexField(
        label=_("动态验证码"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入 6 位数字验证码")},
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=365, initial=90)


class SettingForm(forms.Form):
    value = forms.CharField(label=_("新值"), max_length=2000)
    note = forms.CharField(label=_("修改说明"), max_length=200)

    def __init__(self, *args, definition, current=None, **kwargs):
        self.definition = definition
        super().__init__(*args, **kwargs)
        if definition.kind == "text" and "\n" in str(definition.default):
            # a table (one entry per line): edited in full, starting from the value in force
            self.fields["value"] = forms.CharField(
                label=_("新值"),
                max_length=20000,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 20}),
                initial=current,
            )

    def clean_value(self):
        raw = self.cleaned_data["value"].strip()
        kind = self.definition.kind
        try:
            if kind == "integer":
                return int(raw)
            if kind == "decimal":
                from decimal import Decimal

                return str(Decimal(raw))
            if kind == "boolean":
                if raw.lower() in {"1", "true", "是", "yes"}:  # i18n: data
                    return True
                if raw.lower() in {"0", "false", "否", "no"}:  # i18n: data
                    return False
                raise ValueError
            if kind == "json":
                import json

                return json.loads(raw)
        except (ValueError, ArithmeticError) as exc:
            raise forms.ValidationError(_("格式不正确：需要%(kind)s") % {"kind": kind}) from exc
        if self.definition.check is not None:
            self.definition.check(raw)
        return raw


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False)
    action = forms.CharField(label=_("操作"), required=False, widget=forms.Select)
    object = forms.CharField(
        label=_("对象"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("名称、编号或 类型#编号")}),
    )
    org = forms.CharField(label=_("组织代码（含下级）"), required=False)
    start = forms.DateField(label=_("起始日期"), required=False, widget=DateInput)
    end = forms.DateField(label=_("截止日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        from .audit import action_choices

        super().__init__(*args, **kwargs)
        # A list of labelled actions; a typed code (a bookmarked link) still filters.
        choices = action_choices()
        typed = (self.data.get("action") or "") if self.is_bound else ""
        if typed and typed not in dict(choices):
            choices.append((typed, typed))
        self.fields["action"].widget.choices = choices
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css + " form-control-sm")


def call_service(form, service, *, refusals_on_form=False, **kwargs):
    """Run a service for a valid form: ``(result, True)``, or ``(None, False)`` with the
    service's ValidationError shown on the form. The one "form -> service -> redirect" step:
    views redirect on True. With ``refusals_on_form`` a PermissionDenied of the workflow (four
    eyes, not the role's step) is shown on the form too instead of answering 403."""
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        return service(**kwargs), True
    except ValidationError as exc:
        add_service_errors(form, exc)
    except PermissionDenied as exc:
        if not refusals_on_form:
            raise
        from django.utils.translation import gettext

        form.add_error(None, str(exc) or gettext("无权执行此操作"))
    return None, False


def add_service_errors(form, exc):
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z0-9_.@-]{3,150}$",
        error_messages={"invalid": _("只能包含字母、数字和 _ . @ -，至少 3 位")},
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    org_code = OrgCodeField(label=_("组织代码"))
    role = forms.ChoiceField(label=_("角色"))


class GrantForm(forms.Form):
    org_code = OrgCodeField(label=_("组织代码"))
    role = forms.ChoiceField(label=_("角色"))


def yuan_field(label, **kwargs):
    """An amount of yuan typed into a form: not negative, two places, as the
    ``DecimalField(max_digits=12, decimal_places=2)`` columns hold it (``required``, ``initial``,
    ``help_text`` ... pass through)."""
    return forms.DecimalField(label=label, min_value=0, max_digits=12, decimal_places=2, **kwargs)
