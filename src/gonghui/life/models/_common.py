"""Scope rules shared by the subjects of union life (declared on the models, applied by the
core's one scoped manager)."""

from django.db import models

from gonghui.core.scoping import AnyOf, Custom, OwnSubtree, subtree_q


def _addressed(path, model, prefix=""):
    """Notices addressed to a union in the subtree (a receipt row for it)."""
    from .notices import NoticeReceipt

    # A subquery over every receipt filtered here by the same subtree: the receipt model's own
    # manager would scope it again, so the plain manager is the one that says it once.
    addressed = NoticeReceipt.unscoped.filter(subtree_q(path)).values("notice_id")
    return models.Q(**{f"{prefix}pk__in": addressed})


# Notices: a scope sees those sent from its subtree and those addressed to a union in its
# subtree; a sibling sent nothing and received nothing sees none.
NOTICE_RULE = AnyOf((OwnSubtree(), Custom(_addressed)))
