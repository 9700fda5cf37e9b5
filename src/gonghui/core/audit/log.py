"""The log as an auditor reads it: events described in words with links to their objects,
filtered by action and exported as a workbook."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AuditEvent
from .labels import (
    ACTION_LABELS,
    EXTRA_LABELS,
    OBJECT_LABELS,
    action_label,
    object_type_label,
    object_url,
)

LIVE_NAME_CHUNK = 2000


def live_names(events):
    """``{(object_type, object_id): name}`` of the events' objects that still exist, named now
    in the viewer's language (one query per type and 2,000 objects). The name a row keeps was
    written in the language of whoever acted ("会费 2026-01-01"); the live name reads in the
    viewer's, so the log prefers it and falls back to the kept one for objects gone."""
    from django.apps import apps

    wanted = {}
    for event in events:
        if event.object_type and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    names = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        manager = getattr(model, "unscoped", model._base_manager)
        field = model._meta.pk
        keys = []
        for raw in ids:
            try:
                keys.append(field.to_python(raw))
            except Exception:  # noqa: S112  (an id that cannot be this model's key names nothing)
                continue
        keys.sort(key=str)
        for start in range(0, len(keys), LIVE_NAME_CHUNK):
            for obj in manager.filter(pk__in=keys[start : start + LIVE_NAME_CHUNK]):
                try:
                    names[(label, str(obj.pk))] = str(obj)[:200]
                except Exception:  # noqa: S112  (a name that cannot be made now: the kept one)
                    continue
    return names


def subject_of(term):
    """``(type label, name, url)`` of the one object a ``type#id`` filter names, else None."""
    object_type, sep, object_id = (term or "").strip().partition("#")
    if not sep or not object_id.strip():
        return None
    object_type, object_id = object_type.strip().lower(), object_id.strip()
    names = live_names([AuditEvent(object_type=object_type, object_id=object_id)])
    return (
        object_type_label(object_type),
        names.get((object_type, object_id), object_id),
        object_url(object_type, object_id),
    )


def history_url(obj):
    """The audit log filtered to one object (the link from an object's page to its history)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    term = f"{obj._meta.label_lower}#{obj.pk}"
    return reverse("core:audit") + "?" + urlencode({"object": term})


def _field_label(model, name):
    from django.core.exceptions import FieldDoesNotExist

    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a removed field keeps its own name
        return name


def _value_text(value):
    """A recorded value in words: 是/否, "—", lists joined, never a Python repr."""
    from ..config import display

    return display(value)


def _number_text(model, name, value):
    """A recorded amount (kept as the text of a ``DecimalField``: ``"2680.00"``) as the pages
    show it, grouped (``2,680.00``); a field of ``model`` or of another model of its app (an event
    on a case notes a claim's ``amount``). Anything else stays as recorded."""
    from decimal import Decimal, InvalidOperation

    from django.apps import apps
    from django.template.defaultfilters import floatformat

    if model is None or not isinstance(value, str) or not value:
        return value
    for candidate in [model, *apps.get_app_config(model._meta.app_label).get_models()]:
        try:
            field = candidate._meta.get_field(name)
        except Exception:  # noqa: S112  (FieldDoesNotExist, or a relation's reverse accessor)
            continue
        if not isinstance(field, models.DecimalField):
            return value  # the first model with a field of that name says what it holds
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        places = field.decimal_places
        return floatformat(number, f"{places}g" if places == 2 else f"-{places}g")
    return value


def _coded_field(model, name, value):
    """A field called ``name`` of ``model`` or of another model of its app (an event on a file
    may note a household member's ``relationship``): the first whose choices hold ``value``,
    else the object's own field of that name."""
    from django.apps import apps

    found = []
    for candidate in [model, *apps.get_app_config(model._meta.app_label).get_models()]:
        try:
            field = candidate._meta.get_field(name)
        except Exception:  # noqa: S112  (FieldDoesNotExist, or a relation's reverse accessor)
            continue
        if not getattr(field, "verbose_name", None):
            continue
        if isinstance(value, str) and value in dict(getattr(field, "choices", None) or ()):
            return field
        found.append((candidate is model, field))
    own = [field for is_own, field in found if is_own]
    return own[0] if own else None


def _extra_words(model, key, value):
    """``(label, value)`` of one ``extra`` entry in words: its field's name and choice label."""
    field = _coded_field(model, key, value) if model is not None else None
    label = EXTRA_LABELS.get(key) or (field.verbose_name if field else _("说明"))
    choices = dict(getattr(field, "choices", None) or ())
    if isinstance(value, str) and value in choices:
        value = str(choices[value])
    elif isinstance(value, (list, tuple)):
        value = [str(choices[v]) if isinstance(v, str) and v in choices else v for v in value]
    return label, value


def describe(events):
    """Give each event of a page the words an auditor reads: ``action_text``, ``type_text``,
    ``display_name`` (live in the viewer's language, else kept), ``url`` of its object, and
    ``change_lines`` / ``extra_lines`` with field names in Chinese. A few queries per page, not per row."""
    from django.apps import apps

    from ..roles import Role

    roles = dict(Role.choices)
    names = live_names(events)
    for event in events:
        event.role_text = str(roles.get(event.role, ""))
        try:
            model = apps.get_model(event.object_type) if event.object_type else None
        except (LookupError, ValueError):
            model = None
        event.action_text = action_label(event.action)
        event.type_text = object_type_label(event.object_type)
        event.display_name = names.get((event.object_type, event.object_id)) or event.object_repr
        event.url = object_url(event.object_type, event.object_id)
        event.change_lines = [
            (
                _field_label(model, k) if model else k,
                _value_text(_number_text(model, k, v[0])),
                _value_text(_number_text(model, k, v[1])),
            )
            for k, v in (event.changes or {}).items()
            if isinstance(v, (list, tuple)) and len(v) == 2
        ]
        event.extra_lines = []
        for key, value in (event.extra or {}).items():
            if key == "field" and model is not None:
                value = _field_label(model, value)
            label, value = _extra_words(model, key, _number_text(model, key, value))
            event.extra_lines.append((str(label), _value_text(value)))
    return events


def action_choices():
    """The filter's choices: whole labelled actions and every labelled object."""
    choices = [(key, str(label)) for key, label in ACTION_LABELS.items()]
    choices += [(key, str(label)) for key, label in OBJECT_LABELS.items()]
    return [("", str(_("全部操作"))), *sorted(choices, key=lambda c: c[1])]


def action_q(value):
    """Events of one labelled action, of every action on one object (``app.object``), or whose
    code contains the words typed."""
    if value in ACTION_LABELS:
        return models.Q(action=value)
    if value in OBJECT_LABELS:
        return models.Q(action__startswith=value + ".")
    return models.Q(action__icontains=value)


def events_workbook(events):
    """The described events as .xlsx bytes (core.exports: strings never become formulas)."""
    import io

    from ..exports import workbook

    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(str(_("审计日志")))
    headers = [_("时间"), _("操作人"), _("角色"), _("操作"), _("对象类型"), _("对象"),
               _("对象编号"), _("变更/说明"), _("地址")]  # fmt: skip
    sheet.write_row(0, 0, [str(h) for h in headers])
    for row, e in enumerate(events, start=1):
        notes = [f"{k}: {a} → {b}" for k, a, b in e.change_lines]
        notes += [f"{k}: {v}" for k, v in e.extra_lines]
        sheet.write_row(row, 0, [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name or "—",
            e.role_text, e.action_text, e.type_text, e.display_name,
            e.object_id, "\n".join(notes), e.ip or "",
        ])  # fmt: skip
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 6, 16)
    sheet.set_column(7, 7, 48)
    book.close()
    return buffer.getvalue()
