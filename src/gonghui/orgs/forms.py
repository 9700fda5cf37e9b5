from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, OrgCodeField

from .models import Employer, Official, Org, OrgKind, TermKind


class OrgForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Org
        fields = [
            "kind",
            "code",
            "name",
            "short_name",
            "established_on",
            "address",
            "contact_phone",
        ]
        widgets = {"established_on": DateInput}


class OrgEditForm(OrgForm):
    class Meta(OrgForm.Meta):
        fields = ["code", "name", "short_name", "established_on", "address", "contact_phone"]


class MoveForm(forms.Form):
    new_parent = OrgCodeField(label=_("新的上级组织代码"))


class MergeForm(forms.Form):
    target = OrgCodeField(label=_("并入的组织代码"))
    reason = forms.CharField(label=_("合并原因"), max_length=200)


class DissolveForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)
    on_date = forms.DateField(label=_("撤销日期"), widget=DateInput, required=False)


class EmployerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Employer
        fields = ["name", "credit_code", "industry", "ownership", "headcount", "address"]


class TermForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=TermKind.choices)
    start_date = forms.DateField(label=_("任期开始"), widget=DateInput)
    years = forms.TypedChoiceField(
        label=_("任期年限"), choices=[(3, _("3 年")), (5, _("5 年"))], coerce=int
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class OfficialForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ["name", "gender", "position", "is_full_time", "start_date"]
        widgets = {"start_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].required = False


def child_kind_choices(parent):
    from .services import ALLOWED_CHILDREN

    allowed = ALLOWED_CHILDREN.get(parent.kind, set())
    return [(value, label) for value, label in OrgKind.choices if value in allowed]
