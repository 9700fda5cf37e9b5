"""The proposal workflow and the helpers every subject uses."""

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from gonghui.core import audit
from gonghui.core.money import parse_money
from gonghui.core.scoping import org_in_scope
from gonghui.core.workflow import Transition, Workflow

from .. import selectors
from ..models import (
    ImplementationStatus,
    Proposal,
    ProposalStatus,
)

S = ProposalStatus


def _not_an_author(proposal, actor):
    if actor.pk in selectors.author_users(proposal):
        return gettext("建议人本人或共同建议人不能办理此事项")
    return None


def _benefit_confirmed_after_done(proposal, actor):
    if proposal.impl_status != ImplementationStatus.DONE:
        return gettext("实施完成后方可确认效益")
    return None


WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "triage", (S.SUBMITTED,), S.TRIAGED, "innovation.triage_proposal", gettext_lazy("受理")
        ),
        Transition(
            "to_opinion",
            (S.SUBMITTED, S.TRIAGED),
            S.GENERAL_OPINION,
            "innovation.triage_proposal",
            gettext_lazy("转为一般意见"),
            needs_reason=True,
        ),
        Transition(
            "start_review",
            (S.TRIAGED,),
            S.UNDER_REVIEW,
            "innovation.assign_reviewers",
            gettext_lazy("提交评审"),
        ),
        Transition(
            "adopt",
            (S.UNDER_REVIEW,),
            S.ADOPTED,
            "innovation.decide_proposal",
            gettext_lazy("采纳"),
            needs_reason=True,
            guard=_not_an_author,
        ),
        Transition(
            "reject",
            (S.UNDER_REVIEW,),
            S.NOT_ADOPTED,
            "innovation.decide_proposal",
            gettext_lazy("不采纳"),
            needs_reason=True,
            guard=_not_an_author,
        ),
        Transition(
            "merge",
            (S.SUBMITTED, S.TRIAGED, S.UNDER_REVIEW),
            S.MERGED,
            "innovation.decide_proposal",
            gettext_lazy("合并"),
            needs_reason=True,
        ),
        Transition(
            "start_implementation",
            (S.ADOPTED,),
            S.IMPLEMENTING,
            "innovation.manage_implementation",
            gettext_lazy("开始实施"),
        ),
        Transition(
            "confirm_benefit",
            (S.IMPLEMENTING,),
            S.BENEFIT_CONFIRMED,
            "innovation.confirm_benefit",
            gettext_lazy("确认效益"),
            guard=_benefit_confirmed_after_done,
        ),
        Transition(
            "approve_reward",
            (S.BENEFIT_CONFIRMED,),
            S.REWARD_APPROVED,
            "innovation.approve_reward",
            gettext_lazy("审批奖励"),
            guard=_not_an_author,
        ),
        Transition(
            "pay",
            (S.REWARD_APPROVED,),
            S.PAID,
            "innovation.record_payment",
            gettext_lazy("登记发放"),
        ),
    ],
)


def _require_in_scope(proposal):
    # A proposal outside the active subtree does not exist for this user.
    if not org_in_scope(proposal.org):
        raise Http404


def _fresh(proposal):
    _require_in_scope(proposal)
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _money(value, field):
    return parse_money(value, field=field)


def _transition(actor, proposal, name, reason="", **fields):
    before = audit.snapshot(proposal)
    for field, value in fields.items():
        setattr(proposal, field, value)
    proposal.version += 1
    WORKFLOW.apply(proposal, name, actor=actor, reason=reason)
    audit.record_edit(
        actor, f"innovation.proposal.{name}", proposal, before, extra={"reason": reason}
    )
    return proposal
