"""Helpers shared by the life services (activities, courses, notices, surveys)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import current_scope, require_perm

from ..members import member_of


def taking_part(actor):
    """The member ``actor`` is, taking part (``life.take_part`` held); a login without a member
    record is refused."""
    require_perm("life.take_part")
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("当前账号没有关联会员信息"))
    return member


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
