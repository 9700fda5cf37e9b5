"""Shared helpers of the assemblies writes."""

from fractions import Fraction

from django.core.exceptions import PermissionDenied

from gonghui.core.scoping import org_in_scope, require_perm

MANAGE = "assemblies.manage_congress"
RUN = "assemblies.run_poll"


def _require(permission, org):
    """The active role holds ``permission`` and ``org`` lies in its scope (else 403)."""
    require_perm(permission)
    # Objects normally arrive through get_scoped_or_404; this guards other callers.
    if not org_in_scope(org):
        raise PermissionDenied


def _fraction(text):
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return Fraction(2, 3)
    return value if 0 < value <= 1 else Fraction(2, 3)
