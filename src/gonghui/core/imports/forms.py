from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import OrgCodeField


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件（.xlsx / .xls / .csv）"))
    org_code = OrgCodeField(label=_("导入到组织（代码）"))


class MappingForm(forms.Form):
    def __init__(self, *args, headers, columns, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（不导入）"))] + [
            (c.key, c.label + (" *" if c.required else "")) for c in columns
        ]
        self.header_fields = []
        for i, header in enumerate(headers):
            name = f"col_{i}"
            self.fields[name] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=mapping.get(header, "")
            )
            self.header_fields.append((name, header))

    def mapping(self):
        return {
            header: self.cleaned_data[name]
            for name, header in self.header_fields
            if self.cleaned_data.get(name)
        }
