"""Measures of workers' improvement proposals (合理化建议) and their benefit."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q

from ._common import _org_name, measure


def proposals_source(span):
    from gonghui.innovation.models import Proposal

    return (
        Proposal.objects.filter(
            subtree_q(span.path, "org__path"),
            created_at__date__range=(span.start, span.end),
        )
        .select_related("org")
        .order_by("created_at", "id")
    )


def _adopted(adopted=None):
    from gonghui.innovation.models import ADOPTED_STATES

    return Q(status__in=ADOPTED_STATES) if adopted == "1" else Q()


PROPOSAL_COLUMNS = [
    (_("编号"), lambda p: p.number),
    (_("题目"), lambda p: p.title),
    (_("工会"), _org_name),
    (_("状态"), lambda p: p.get_status_display()),
]


@measure(
    "improvement_proposals",
    _("合理化建议"),
    _("件"),
    source=proposals_source,
    params=("adopted",),
    columns=PROPOSAL_COLUMNS,
    definition=_("本年提出的合理化建议；已采纳含实施中、效益已确认和已奖励"),
)
def improvement_proposals(span, adopted=None):
    return _adopted(adopted)


@measure(
    "proposal_benefit",
    _("合理化建议效益"),
    _("元"),
    source=proposals_source,
    sum_field="actual_benefit",
    money=True,
    columns=PROPOSAL_COLUMNS,
    definition=_("本年提出并已采纳的合理化建议已确认的实际效益之和"),
)
def proposal_benefit(span):
    return _adopted("1")
