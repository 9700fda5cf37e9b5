"""What the subjects of union life share: the abstract base of what a union organises, and the
scope rules (declared on the models, applied by the core's one scoped manager)."""

from django.db import models

from gonghui.core.models_base import CreatedBy
from gonghui.core.scoping import AncestorsVisible, AnyOf, Custom, OwnSubtree, ScopedModel, subtree_q


class Organised(ScopedModel, CreatedBy):
    """What a union organises for its members (an activity, a survey, a notice): who created it
    and a version that refuses stale edits. Seen in the organiser's subtree and by the unions it
    is sent down to (a notice says otherwise)."""

    version = models.PositiveIntegerField(default=1)

    # Organised in the subtree, or by an ancestor and sent down to it.
    scope_rule = AncestorsVisible()

    class Meta:
        abstract = True


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
