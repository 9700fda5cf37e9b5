"""Revealing a masked value: allowed by permission, always written to the audit log."""

from django.apps import apps
from django.db import transaction
from django.http import Http404

from . import audit
from .scoping import get_scoped_or_404

# (app_label.model_name, field) -> permission needed to reveal
_REVEALABLE: dict[tuple[str, str], str] = {}


def register_reveal(model_label, field, permission):
    _REVEALABLE[(model_label.lower(), field)] = permission


def reveal_permission(model_label, field):
    return _REVEALABLE.get((model_label.lower(), field))


def reveal_value(*, actor, model_label, pk, field):
    """The clear value of ``field`` of one object in scope; records who revealed what, when.

    Unknown model or field: 404. Out of scope: 404. In scope without the permission: 403.
    """
    permission = reveal_permission(model_label, field)
    if permission is None:
        raise Http404
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    obj = get_scoped_or_404(model, permission, pk=pk)
    with transaction.atomic():
        audit.record(actor, "core.sensitive.reveal", obj, extra={"field": field})
    return getattr(obj, field)
