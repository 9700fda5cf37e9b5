"""District settings: every number that decides an outcome is a setting with a default.

Apps declare their settings with ``define``; the value in force is read with ``get``. Values are
versioned (``SettingValue`` rows); an org override applies to that org's subtree. Results that a
setting decided show it (``describe``).
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gonghui.core.text.punctuation import colon, semicolon, sep

from .models import SettingValue


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: object
    label: str
    help: str = ""
    kind: str = "number"  # number, decimal, integer, boolean, text, json
    module: str = "core"
    check: object = None  # callable(value) raising ValidationError (Chinese) for a bad value
    # the language of a value that is data written in one language (the wordings found in
    # Chinese roster files): shown marked with it, never translated
    data_language: str = ""


_DEFS: dict[str, SettingDef] = {}
_MEMO: ContextVar = ContextVar("gonghui_config_memo", default=None)


@contextmanager
def memo():
    """Within this block, a setting read for the same key and org is read from the database
    once (long work such as an import reads the same rule for every row; the values in force
    when the block started stay in force for the whole block)."""
    token = _MEMO.set({}) if _MEMO.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _MEMO.reset(token)


def memoised(function):
    """Run ``function`` inside ``memo()``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with memo():
            return function(*args, **kwargs)

    return wrapper


def define(key, default, label, help="", kind=None, module=None, check=None, data_language=""):
    if kind is None:
        kind = (
            "boolean"
            if isinstance(default, bool)
            else "integer"
            if isinstance(default, int)
            else "decimal"
            if isinstance(default, Decimal | float)
            else "json"
            if isinstance(default, dict | list)
            else "text"
        )
    definition = SettingDef(
        key, default, label, help, kind, module or key.split(".")[0], check, data_language
    )
    _DEFS[key] = definition
    return definition


def definitions():
    return dict(sorted(_DEFS.items()))


def _coerce(definition, value):
    if definition.kind == "decimal":
        return Decimal(str(value))
    if definition.kind == "integer":
        return int(value)
    if definition.kind == "boolean":
        return bool(value)
    return value


def current_row(key, org=None, at=None):
    """The ``SettingValue`` in force for ``key`` at ``org`` (nearest override up the tree)."""
    cache = _MEMO.get() if at is None else None
    if cache is not None:
        memo_key = (key, org.path if org is not None else None)
        if memo_key not in cache:
            cache[memo_key] = _current_row(key, org, None)
        return cache[memo_key]
    return _current_row(key, org, at)


def _current_row(key, org, at):
    at = at or timezone.now()
    rows = SettingValue.objects.filter(key=key, valid_from__lte=at)
    if org is not None:
        ancestor_paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
        rows = rows.filter(Q(org__isnull=True) | Q(org__path__in=ancestor_paths))
        ordered = sorted(
            rows.select_related("org"),
            key=lambda r: (len(r.org.path) if r.org else 0, r.valid_from, r.id),
            reverse=True,
        )
        return ordered[0] if ordered else None
    return rows.filter(org__isnull=True).order_by("-valid_from", "-id").first()


def get(key, org=None, at=None):
    """The value of setting ``key`` in force (the default when never changed)."""
    definition = _DEFS[key]
    row = current_row(key, org, at)
    return _coerce(definition, row.value if row else definition.default)


def display(value, labels=None):
    """A setting's value as people read it: 是/否 for booleans, plain numbers (``1.5``, never
    ``Decimal('1.50')``; amounts grouped by thousands as the pages show them: ``20,000``), lists joined with 、 and tables as "key：value" pairs, with the punctuation of the current language; never a Python repr
    (``True``, ``None``, ``['safety']``, ``{'primary': 500}``)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        # as stored (0.30 stays 0.30); float-like noise beyond cents is cut (1708.10000 -> 1708.10)
        if value.as_tuple().exponent < -2:
            value = value.normalize()
            if value.as_tuple().exponent > -2 and value != value.to_integral():
                value = value.quantize(Decimal("0.01"))
        return number_format(value, force_grouping=True)  # 20,000 元/户, 0.30 stays 0.30
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, dict):
        return semicolon().join(
            f"{_TABLE_KEYS[k]() if k in _TABLE_KEYS else display(k, labels)}{colon()}"
            f"{display(v, labels)}"
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        if any(isinstance(item, (list, tuple, dict)) for item in value):
            return semicolon().join(
                " ".join(display(x, labels) for x in item)
                if isinstance(item, (list, tuple))
                else display(item, labels)
                for item in value
            )
        return sep().join(display(item, labels) for item in value)
    if labels and isinstance(value, str) and value in labels:
        return str(labels[value])
    if isinstance(value, str) and value:
        # a shipped default's words (marked with gettext_noop where defined) read in the
        # current language; anything else people typed stays as typed
        return _(value)
    return str(value)


# The keys of table settings (rows of {"min": 90, "level": "..."}) as people read them.
_TABLE_KEYS = {
    "min": lambda: _("最低百分比"),
    "level": lambda: _("等级"),
    # an export's filters in its audit row (core.audit.filters_for_audit)
    "q": lambda: _("按关键词搜索"),
    "query": lambda: _("按关键词搜索"),
}


def module_choices(module):
    """{code: label} of every TextChoices of ``module``'s app: settings that list codes (the
    categories always urgent, ...) show their labels."""
    from django.db.models import TextChoices

    labels, stack = {}, list(TextChoices.__subclasses__())
    while stack:
        choices = stack.pop()
        stack.extend(choices.__subclasses__())
        if choices.__module__.startswith(f"gonghui.{module}."):
            labels.update(dict(choices.choices))
    return labels


def module_label(module):
    """The name people know a setting's module by (its app's name), never the app label."""
    from django.apps import apps

    try:
        return str(apps.get_app_config(module).verbose_name)
    except LookupError:
        return module


def describe(key, org=None, at=None):
    """A short text naming the setting and its value, shown beside results it decided."""
    return describe_snapshot(snapshot(key, org, at))


def snapshot(key, org=None, at=None):
    """The setting in force as data to keep with a result it decided (JSON-ready): ``{"key",
    "value", "version"}`` (``version`` the ``SettingValue`` id, None for the default). Stored
    instead of the ``describe`` text, it is shown in the reader's language by
    ``describe_snapshot``."""
    definition = _DEFS[key]
    row = current_row(key, org, at)
    value = row.value if row else definition.default
    return {"key": key, "value": _to_json(value), "version": row.id if row else None}


def describe_snapshot(kept):
    """A kept ``snapshot`` as ``describe`` shows it, in the current language."""
    definition = _DEFS.get(kept.get("key"))
    if definition is None:  # a setting no longer defined: its key and value as kept
        return f"{kept.get('key', '')} = {display(kept.get('value'))}"
    value = _coerce(definition, kept.get("value"))
    version = f"v{kept['version']}" if kept.get("version") else _("默认")
    return _("{label} = {value}（{version}）").format(
        label=definition.label,
        value=display(value, module_choices(definition.module)),
        version=version,
    )


def set_value(*, actor, key, value, org=None, note=""):
    """Record a new version of a setting. Callers are services that audit the change."""
    definition = _DEFS[key]
    return SettingValue.objects.create(
        key=key, value=_to_json(_coerce(definition, value)), org=org, note=note, created_by=actor
    )


@transaction.atomic
def change_setting(*, actor, key, value, note=""):
    """A district admin sets a new value of ``key`` (the settings page). Effects: a new
    ``SettingValue`` version and a ``core.setting.change`` audit event with old and new value."""
    from . import audit
    from .scoping import require_perm

    require_perm("core.change_settings")
    old = get(key)
    row = set_value(actor=actor, key=key, value=value, note=note)
    audit.record(
        actor,
        "core.setting.change",
        row,
        changes={key: [str(old), str(get(key))]},
        extra={"note": note},
    )
    return row


def _to_json(value):
    if isinstance(value, Decimal):
        return str(value)
    return value
