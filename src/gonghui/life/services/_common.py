"""Helpers shared by the life services (activities, courses, notices, surveys)."""

from django.core.exceptions import PermissionDenied

from gonghui.core import audit
from gonghui.core.scoping import current_scope, require_perm


def require_organiser(obj, permission, message):
    """``permission`` held, and ``obj`` organised in the scope's own subtree: a union it was
    sent down to does not manage it (refused with ``message``)."""
    require_perm(permission)
    if not current_scope().contains_path(obj.org.path):
        raise PermissionDenied(message)


def save_status(actor, obj, status, action, extra=None):
    """Move ``obj`` to ``status`` (the caller checked it may): its version is bumped so that a
    form opened before refuses to save; audited as ``action`` with ``extra``."""
    obj.status = status
    obj.version += 1
    obj.save()
    audit.record(actor, action, obj, extra=extra)
    return obj
