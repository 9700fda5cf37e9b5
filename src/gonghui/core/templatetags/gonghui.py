"""Template helpers shared by every module."""

import functools
from decimal import Decimal, InvalidOperation

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import join
from django.utils.html import format_html
from django.utils.translation import get_language

from gonghui.core.forms import css_class
from gonghui.core.status import badge_class
from gonghui.core.text import punctuation

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a bound field's widget with Bootstrap's classes (and is-invalid on errors)."""
    widget = field.field.widget
    classes = [*widget.attrs.get("class", "").split(), css_class(widget)]
    if field.errors:
        classes.append("is-invalid")
    attrs = {"class": " ".join(dict.fromkeys(classes))}
    return field.as_widget(attrs=attrs)


@register.filter
def setting_value(value, module=None):
    """A setting's value for reading (core.config.display): no Python reprs or codes on the
    page. ``{{ value|setting_value:definition.module }}`` shows codes as their labels."""
    from gonghui.core.config import display, module_choices

    return display(value, module_choices(module) if module else None)


@register.filter
def rate(value):
    """``{{ dues.rate_pct|rate }}%``: a rate in percent the same way on every page, trailing
    zeros dropped but at least two decimals (0.5 → 0.50, 2 → 2.00, 0.375 → 0.375)."""
    if value is None or value == "":
        return "—"
    try:
        figure = Decimal(str(value)).normalize()
    except InvalidOperation:
        return value
    if figure.as_tuple().exponent > -2:
        figure = figure.quantize(Decimal("0.01"))
    return format(figure, "f")


@register.filter(needs_autoescape=True)
def bracketed(value, autoescape=True):
    """``{{ e.reason|bracketed }}``: a value in brackets worded in the page's language, （理由）
    in Chinese, `` (reason)`` in English (with its leading space); nothing for no value, so a
    page needs no ``{% if %}`` around it. The value is escaped like any other output."""
    if value is None or value == "":
        return ""
    if autoescape:  # the brackets around a placeholder, the value escaped into it
        return format_html(punctuation.bracketed("{}"), value)
    return punctuation.bracketed(value)


# The punctuation a page writes between its own words, worded in the page's language by
# core/text/punctuation.py: the Chinese full-width mark, in English the ASCII mark and a
# space. A template never writes these marks outside a translation
# (tests/core/test_punctuation.py).


# ``{% colon %}`` (after a label: ``{% translate "状态" %}{% colon %}{{ x }}``), ``{% sep %}``
# (between a list's items), ``{% semicolon %}``, ``{% comma %}`` and ``{% full_stop %}``: one
# tag per mark of ``punctuation.MARKS``.
for _name, _mark in punctuation.MARKS.items():
    register.simple_tag(_mark, name=_name)


@register.filter(is_safe=True, needs_autoescape=True)
def joined(value, mark="sep", autoescape=True):
    """``{{ names|joined }}``: a list's items joined with ``{% sep %}`` (、 or ``", "``);
    ``{{ problems|joined:"semicolon" }}`` with another mark of ``punctuation.MARKS``. Items are
    escaped as Django's ``join`` escapes them."""
    return join(value, punctuation.MARKS[mark](), autoescape=autoescape)


@register.filter
def module_label(module):
    from gonghui.core.config import module_label as label

    return label(module)


@register.filter
def can(scope, permission):
    """``{% if scope|can:"assistance.change_file" %}``: the active role holds the permission."""
    return scope is not None and scope.has_perm(permission)


@register.simple_tag(takes_context=True)
def history_link(context, obj):
    """A link from an object's page to its audit history, for those who may read the log."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    from gonghui.core.audit import history_url

    scope = getattr(context.get("request"), "scope", None)
    if obj is None or scope is None or not scope.has_perm("core.view_audit"):
        return ""
    return format_html(
        '<a class="btn btn-outline-secondary btn-sm audit-history" href="{}">{}</a>',
        history_url(obj),
        _("操作记录"),
    )


@functools.cache
def _choice_labels(model, field, language):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def choice_label(obj, field):
    """``{{ member|choice_label:"gender" }}``: what ``get_gender_display`` shows, from one map
    per model, field and language (``get_*_display`` rebuilds the choices map, every label
    translated, on each call: a list of thirty rows made hundreds of such calls)."""
    value = getattr(obj, field)
    return _choice_labels(type(obj), field, get_language()).get(value, value)


@register.simple_tag
def status_badge(obj, field="status", model=None, id=None, **attrs):
    """A status as a badge: its label in the page's language, its colour by what it means
    (core/status.py), the same on every page.

    ``{% status_badge proposal %}``; another field: ``{% status_badge p "impl_status" %}``;
    a value from a ``values()`` row, with the model whose choices word it:
    ``{% status_badge f.status model="assistance.HardshipFile" %}``. ``id=`` and ``class=``
    (extra classes) keep the hooks a page had. A property returning a choice (a round's
    ``stage``) is worded by its own label. No status: nothing."""
    unknown = set(attrs) - {"class"}
    if unknown:
        raise TypeError(f"status_badge: unknown options {sorted(unknown)}")
    if model is None:
        if obj is None:
            return ""
        value, model_class = getattr(obj, field), type(obj)
        model = model_class._meta.label
    else:
        value, model_class = obj, apps.get_model(model)
    if value in (None, ""):
        return ""
    extra = attrs.get("class")
    return format_html(
        '<span class="badge {}"{}>{}</span>',
        f"{badge_class(value, model)} {extra}" if extra else badge_class(value, model),
        format_html(' id="{}"', id) if id else "",
        _status_label(model_class, field, value),
    )


def _status_label(model_class, field, value):
    try:
        return _choice_labels(model_class, field, get_language()).get(value, value)
    except FieldDoesNotExist:  # a property returning a choice: its own label
        return getattr(value, "label", value)
