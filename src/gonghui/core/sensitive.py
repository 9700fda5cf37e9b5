"""Revealing a masked value: allowed by permission, always written to the audit log."""

from typing import NamedTuple

from django.apps import apps
from django.db import transaction
from django.http import Http404

from . import audit
from .scoping import get_scoped_or_404, require_perm

# (app_label.model_name, field) -> permission needed to reveal
_REVEALABLE: dict[tuple[str, str], str] = {}


def register_reveal(model_label, field, permission):
    _REVEALABLE[(model_label.lower(), field)] = permission


def reveal_permission(model_label, field):
    return _REVEALABLE.get((model_label.lower(), field))


class Revealable(NamedTuple):
    """One masked field of one object in scope, and the permission that reveals it."""

    obj: object
    field: str
    permission: str


def revealable(*, model_label, pk, field):
    """The field to reveal (the ``core:reveal`` route's lookup): unknown model or field, or an
    object out of scope, answers 404."""
    permission = reveal_permission(model_label, field)
    if permission is None:
        raise Http404
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    return Revealable(get_scoped_or_404(model, pk=pk), field, permission)


def reveal(*, actor, target):
    """The clear value of a ``Revealable`` (the ``core:reveal`` route's object); records who
    revealed what, when. In scope without the field's permission: 403."""
    require_perm(target.permission)
    with transaction.atomic():
        audit.record(actor, "core.sensitive.reveal", target.obj, extra={"field": target.field})
    return getattr(target.obj, target.field)


def reveal_value(*, actor, model_label, pk, field):
    """The clear value of ``field`` of one object in scope; records who revealed what, when.

    Unknown model or field: 404. Out of scope: 404. In scope without the permission: 403.
    """
    target = revealable(model_label=model_label, pk=pk, field=field)
    return reveal(actor=actor, target=target)
