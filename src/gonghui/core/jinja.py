"""The Jinja2 environment of the partials that a page renders many times (``<app>/jinja2/``).

Pages stay Django templates; a partial whose loop is most of a page's rendering time (the
member list's rows) is a Jinja2 template, compiled to Python once: the same markup, escaped
the same way (autoescape is on), several times faster than a Django template loop.
"""

from django.utils.translation import get_language
from jinja2 import Environment

from .status import badge_class
from .templatetags.gonghui import _choice_labels


def choice_label(obj, field, language=None):
    """``{{ member|choice_label("gender") }}``: the label of a choice field in the current
    language, from one map per model, field and language (as the Django filter of that name).
    A partial drawing many rows passes the language it was given once
    (``choice_label("gender", language)``) rather than looking it up for every cell."""
    value = getattr(obj, field)
    return _choice_labels(type(obj), field, language or get_language()).get(value, value)


def status_badge(status):
    """The colour class of a member's status badge, from the one table (core/status.py)."""
    return badge_class(status, "members.Member")


def environment(**options):
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, **options)
    env.filters["choice_label"] = choice_label
    env.globals["status_badge"] = status_badge
    return env
