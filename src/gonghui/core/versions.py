"""Optimistic version checks: an edit made from a stale page is refused, never merged.

Editable rows keep a ``version`` field the page sends back; the service locks the row
(``select_for_update``) and calls ``require_current_version`` before writing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def require_current_version(obj, version, message=None):
    """Refuse the edit if the page's ``version`` (None: not sent, no check) is not the row's."""
    if version is not None and int(version) != obj.version:
        raise ValidationError(message or _("该记录已被他人修改，请刷新后重试"))
