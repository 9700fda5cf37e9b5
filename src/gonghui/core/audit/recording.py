"""Recording audit events: every service write records one in the same transaction.

The client address and the acting role come from the request context (set by the middleware), so
services need only name the actor, the action and the object."""

import re
from contextvars import ContextVar

from django.db import models
from django.utils import timezone

from ..fields import sensitive_field_names
from ..models import AuditEvent
from ..scoping import current_scope

client_ip: ContextVar = ContextVar("gonghui_client_ip", default=None)


def _org_of(obj):
    if obj is None:
        return None
    from ..tree import Org

    if isinstance(obj, Org):
        return obj
    return getattr(obj, "org", None)


def _repr_of(obj):
    """What the row keeps as the object's name. Objects holding personal data (any encrypted
    field: members, hardship files, requests...) keep none: the row names them by type and id and
    the log shows their name live while they exist, so a purge leaves no name behind (issue 12,
    finding 8)."""
    if obj is None:
        return ""
    if isinstance(obj, models.Model) and sensitive_field_names(obj.__class__):
        return ""
    return str(obj)[:200]


def _event(actor, action, obj=None, *, org=None, changes=None, extra=None, at=None):
    org = org or _org_of(obj)
    scope = current_scope(required=False)
    org_path = org.path if org is not None else (scope.org_path if scope else "")
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None and getattr(actor, "pk", None) else "",
        role=scope.role if scope else "",
        org=org,
        org_path=org_path,
        action=action,
        object_type=obj._meta.label_lower if isinstance(obj, models.Model) else "",
        object_id=str(obj.pk) if isinstance(obj, models.Model) else "",
        object_repr=_repr_of(obj),
        changes=changes or {},
        extra=extra or {},
        ip=client_ip.get(),
        **({"at": at} if at is not None else {}),
    )


def record(actor, action, obj=None, *, org=None, changes=None, extra=None, at=None):
    """Write one audit event. ``changes`` must hold no sensitive values (see ``diff``); ``at``
    may coarsen the time where precision would identify someone (anonymous intake)."""
    event = _event(actor, action, obj, org=org, changes=changes, extra=extra, at=at)
    event.save()
    return event


# Free-text search fields of list filters: what staff type there is a name, an ID number or a
# phone, so an audit row (readable by whoever reads the database) keeps only that one was given.
SEARCH_FIELDS = frozenset({"q", "query"})


def filters_for_audit(filters):
    """The filters of an export as its audit row keeps them: the empty ones left out, objects
    by their code or id, and the free-text search as ``True`` (searched), never its words."""
    kept = {}
    for key, value in filters.items():
        if value in (None, "", [], ()) or value is False:
            continue
        if key in SEARCH_FIELDS:
            kept[key] = True
        elif isinstance(value, models.Model):
            kept[key] = getattr(value, "code", None) or value.pk
        elif isinstance(value, (bool, int, str)):
            kept[key] = value
        else:
            kept[key] = str(value)
    return kept


def record_edit(actor, action, obj, before, *, extra=None):
    """Write the event of an edit of ``obj``: its changes since ``before`` (the ``snapshot``
    taken before the edit)."""
    return record(actor, action, obj, changes=diff(before, snapshot(obj)), extra=extra)


def record_many(actor, action, objects, *, org=None, extra=None):
    """Bulk writes write bulk audit rows: one event per object, in one INSERT."""
    events = [_event(actor, action, obj, org=org, extra=extra) for obj in objects]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def bulk_context(actor, org, extra=None):
    """The acting context of a bulk write (time, actor, role, org, client address), taken in the
    caller's thread for ``record_for_ids`` (which may run on a raw connection)."""
    scope = current_scope(required=False)
    actor_id = getattr(actor, "pk", None)
    return {
        "now": timezone.now(),
        "actor_id": actor_id,
        "actor_name": str(actor) if actor_id else "",
        "role": scope.role if scope else "",
        "org_id": org.pk,
        "org_path": org.path,
        "extra": extra,
        "ip": client_ip.get(),
    }


def record_for_ids(cursor, context, *, action, model, ids):
    """One audit event per row ``ids`` of ``model`` in a single ``INSERT … SELECT`` (PostgreSQL
    bulk paths that COPY their rows): the rows ``record`` writes one at a time, without a round
    trip per object. ``context`` comes from ``bulk_context``; ``context["extra"]`` is JSON text."""
    table = model._meta.db_table
    if not re.fullmatch(r"[a-z][a-z0-9_]*", table):  # only names Django made go into the SQL
        raise ValueError(f"not a table name: {table!r}")
    cursor.execute(
        f"INSERT INTO {AuditEvent._meta.db_table} (at, actor_id, actor_name, role, org_id,"  # noqa: S608
        " org_path, action, object_type, object_id, object_repr, changes, extra, ip)"
        " SELECT %s, %s, %s, %s, %s, %s, %s, %s, id::text, '', '{}'::jsonb, %s::jsonb, %s"
        f" FROM {table} WHERE id = ANY(%s)",
        [
            context["now"],
            context["actor_id"],
            context["actor_name"],
            context["role"],
            context["org_id"],
            context["org_path"],
            action,
            model._meta.label_lower,
            context["extra"],
            context["ip"],
            ids,
        ],
    )


def snapshot(obj, fields=None):
    """The non-sensitive field values of ``obj`` as JSON-ready text, for ``diff``."""
    hidden = sensitive_field_names(type(obj))
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in hidden or getattr(field, "source", None) or field.primary_key:
            continue
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        values[field.name] = None if value is None else str(value)
    return values


def diff(before, after):
    """{field: [old, new]} for the fields that changed between two snapshots."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
