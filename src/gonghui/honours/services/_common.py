"""Shared helpers of the honours writes: the organiser check and the nomination row lock."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.scoping import org_in_scope, require_perm

from ..models import (
    Nomination,
)

PCT_KEYS = ("honours.frontline_min_pct", "honours.heads_max_pct")

CONFLICT_REASON = gettext_lazy("评委与被推荐对象同属“{employer}”，按规定自动回避")


def _require_manager(round_, permission="honours.manage_round"):
    require_perm(permission)
    # The round is visible to unions below its organiser, but only the organiser's side runs it.
    if not org_in_scope(round_.org):
        raise PermissionDenied(_("只有组织单位可以管理本次评选"))


def _lock(nomination):
    return (
        # unscoped: re-read under lock; the caller found it in scope
        Nomination.unscoped.select_for_update(of=("self",))
        .select_related("round", "member")
        .get(pk=nomination.pk)
    )
