"""Every date and date-time box of every form is the browser's picker and is filled in ISO
(2026-03-05, 2026-03-05T14:30): a ``type="date"`` box shows nothing for the Chinese locale's
"2026/03/05", so an edit form came back with its dates gone."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation

import gonghui


def _form_classes():
    for module in pkgutil.walk_packages(gonghui.__path__, "gonghui."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("gonghui.")]


def _date_fields():
    found = []
    for form_class in _form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                found.append((f"{form_class.__module__}.{form_class.__qualname__}.{name}", field))
    return found


def test_there_are_date_fields_to_check():
    assert len(_date_fields()) > 40


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_box_is_a_picker_filled_in_iso(language):
    day, moment = datetime.date(2026, 3, 5), datetime.datetime(2026, 3, 5, 14, 30)
    wrong = []
    with translation.override(language):
        for where, field in _date_fields():
            is_datetime = isinstance(field, forms.DateTimeField)
            html = field.widget.render("x", moment if is_datetime else day)
            expected = (
                'type="datetime-local" name="x" value="2026-03-05T14:30"'
                if is_datetime
                else 'type="date" name="x" value="2026-03-05"'
            )
            if expected not in html:
                wrong.append(f"{where}: {html}")
    assert not wrong, "\n".join(wrong)
