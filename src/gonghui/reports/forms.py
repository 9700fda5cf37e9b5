import datetime
import json

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.forms import OrgCodeField


class ReturnForm(forms.Form):
    org = OrgCodeField(
        label=_("组织代码（含下级）"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    year = forms.IntegerField(label=_("统计年度"), min_value=2000)

    def __init__(self, *args, root, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = root
        this_year = datetime.date.today().year
        self.fields["year"] = forms.IntegerField(
            label=_("统计年度"),
            min_value=2000,
            max_value=this_year,
            initial=this_year - 1,
            widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
        )
        self.fields["org"].initial = root.code

    def clean_org(self):
        return self.cleaned_data.get("org") or self.root


class LayoutForm(forms.Form):
    definition = forms.CharField(
        label=_("报表定义（JSON）"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_definition(self):
        try:
            return json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("不是有效的 JSON：第 %(line)s 行第 %(col)s 列")
                % {"line": error.lineno, "col": error.colno}
            ) from error


class FilingTaskForm(forms.Form):
    title = forms.CharField(label=_("任务名称"), max_length=100)
    instructions = forms.CharField(
        label=_("填报说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    year = forms.IntegerField(label=_("统计年度"), min_value=2000)
    working_days = forms.IntegerField(label=_("填报期限（工作日）"), min_value=1, max_value=60)
    fields = forms.CharField(
        label=_("填报项目"),
        help_text=_(
            "每行一项：项目名称|统计项（可省略），如“年末会员|members”；有统计项的项目按系统数据预填"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recipients = forms.CharField(label=_("填报单位（组织代码，逗号分隔）"), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year - 1
        self.fields["working_days"].initial = 5
