"""Notes the system composes into a text field that people also write in (a membership event's
说明, a transfer's 原因, a workflow step's 理由, a term's 备注): kept as the message and its
parameters, worded in the reader's language when shown.

The stored form is ``MARK`` followed by the JSON ``[message, {name: value}]``: ``message`` is
the Chinese message id (marked with ``gettext_noop`` where it is defined, so the catalogue has
it), each ``{name}`` in it has exactly one parameter. A value is text (shown as it is, or worded
itself when it is a stored note too) or a list of field names (shown through ``labels_from``'s
verbose names, joined with 、)::

    EDIT_NOTE = gettext_noop("修改：{fields}")
    event.note = notes.compose(EDIT_NOTE, limit=300, fields=["name", "phone"])
    # "\\x1e["修改：{fields}",{"fields":["name","phone"]}]"

    note_text = notes.worded("note", labels_from=Member)   # on the model
    event.note_text   # "修改：姓名、手机号" / "Changed: Name, Mobile number"

``MARK`` is the ASCII record separator: no keyboard types it and every form strips it from the
start of what people type (Python counts it as whitespace), so a typed note is never read as a
message. Anything that is not exactly the stored form — a typed note, one that looks like the
JSON, one with ``{`` in it, a row written before its note was composed (words in the writer's
language) — reads as stored.
"""

import json
import string

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

from gonghui.core.text.punctuation import sep

MARK = "\x1e"


def compose(message, /, *, limit=None, **params):
    """The stored form of ``message`` with ``params``. With ``limit`` (the field's max_length)
    the longest text parameters are shortened (…) until it fits."""
    while True:
        stored = MARK + json.dumps([message, params], ensure_ascii=False, separators=(",", ":"))
        if limit is None or len(stored) <= limit:
            return stored
        params = _shortened(params, len(stored) - limit)


def _shortened(params, excess):
    texts = {
        name: value
        for name, value in params.items()
        if isinstance(value, str) and len(value) > 1 and not value.startswith(MARK)
    }
    if not texts:
        raise ValueError("the note cannot be shortened to fit")
    name = max(texts, key=lambda n: len(texts[n]))
    return {**params, name: texts[name][: max(len(texts[name]) - excess - 1, 0)] + "…"}


def word(stored, *, labels_from=None):
    """``stored`` as the reader reads it: a composed note in the current language, anything else
    (typed, or written before) as stored."""
    parsed = _parsed(stored)
    if parsed is None:
        return stored or ""
    message, params = parsed
    shown = {name: _shown(value, labels_from) for name, value in params.items()}
    translated = gettext(message)
    if _placeholders(translated) != set(shown):  # a translation that names other parameters
        translated = message
    return translated.format(**shown)


def worded(field_name, *, labels_from=None):
    """A read-only property: the note in ``field_name`` as the reader reads it (``word``);
    field names in it are worded through ``labels_from``'s verbose names."""
    return property(lambda obj: word(getattr(obj, field_name), labels_from=labels_from))


def _parsed(stored):
    """``(message, params)`` of a composed note, or None for anything else."""
    if not isinstance(stored, str) or not stored.startswith(MARK):
        return None
    try:
        message, params = json.loads(stored[len(MARK) :])
    except (ValueError, TypeError):
        return None
    if not isinstance(message, str) or not isinstance(params, dict):
        return None
    if _placeholders(message) != set(params) or not all(map(_is_value, params.values())):
        return None
    return message, params


def _placeholders(message):
    """The names of ``message``'s ``{name}`` placeholders; None when it has any other kind
    (positional, attribute, format spec) or is not a format string."""
    try:
        fields = [f for f in string.Formatter().parse(message) if f[1] is not None]
    except ValueError:
        return None
    if any(not name.isidentifier() or spec or conversion for _t, name, spec, conversion in fields):
        return None
    return {name for _t, name, _s, _c in fields}


def _is_value(value):
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )


def _shown(value, labels_from):
    if isinstance(value, str):
        return word(value, labels_from=labels_from)
    return sep().join(_label(labels_from, name) for name in value)


def _label(model, name):
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed: its name
        return name
