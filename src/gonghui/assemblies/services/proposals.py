"""Writes of proposals (提案) and their workflow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope
from gonghui.core.workflow import Transition, Workflow

from ..models import (
    DelegateStatus,
    Proposal,
    ProposalStatus,
)
from ._common import MANAGE, _require

# --- proposals (提案) --------------------------------------------------------------------------


def _is_proposer(proposal, actor):
    if proposal.delegate.member.user_id != actor.pk:
        return _("只有提案人可以评价办理结果")
    return None


PROPOSAL_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "accept",
            (ProposalStatus.SUBMITTED,),
            ProposalStatus.ACCEPTED,
            "assemblies.handle_proposal",
            gettext_lazy("立案"),
        ),
        Transition(
            "merge",
            (ProposalStatus.SUBMITTED,),
            ProposalStatus.MERGED,
            "assemblies.handle_proposal",
            gettext_lazy("并案"),
        ),
        Transition(
            "return",
            (ProposalStatus.SUBMITTED,),
            ProposalStatus.RETURNED,
            "assemblies.handle_proposal",
            gettext_lazy("不予立案"),
            needs_reason=True,
        ),
        Transition(
            "assign",
            (ProposalStatus.ACCEPTED,),
            ProposalStatus.ASSIGNED,
            "assemblies.handle_proposal",
            gettext_lazy("交办"),
        ),
        Transition(
            "answer",
            (ProposalStatus.ASSIGNED,),
            ProposalStatus.ANSWERED,
            "assemblies.handle_proposal",
            gettext_lazy("书面答复"),
        ),
        Transition(
            "rate",
            (ProposalStatus.ANSWERED,),
            ProposalStatus.CLOSED,
            "assemblies.act_as_delegate",
            gettext_lazy("评价办理结果"),
            guard=_is_proposer,
        ),
    ],
)


@transaction.atomic
def submit_proposal(*, actor, delegate, title, body, cosigners, session=None):
    """A delegate submits a proposal with co-signers (at least the congress's minimum)."""
    congress = delegate.congress
    # The delegate themself, or staff entering a paper proposal on their behalf.
    if delegate.member.user_id != actor.pk:
        _require(MANAGE, congress.org)
    if delegate.status != DelegateStatus.ACTIVE:
        raise ValidationError(_("只有在任代表可以提出提案"))
    cosigners = [c for c in cosigners if c.pk != delegate.pk]
    if any(c.congress_id != congress.id or c.status != DelegateStatus.ACTIVE for c in cosigners):
        raise ValidationError({"cosigners": _("附议人须为本届在任代表")})
    if len({c.pk for c in cosigners}) < congress.cosigners_min:
        raise ValidationError(
            {
                "cosigners": _("至少需要 {n} 名代表附议（提案附议人最少人数 = {n}）").format(
                    n=congress.cosigners_min
                )
            }
        )
    proposal = Proposal.objects.create(
        org=congress.org,
        congress=congress,
        session=session,
        delegate=delegate,
        title=title,
        body=body,
    )
    proposal.cosigners.set(cosigners)
    audit.record(actor, "assemblies.proposal.submit", proposal)
    return proposal


@transaction.atomic
def handle_proposal(
    *,
    actor,
    proposal,
    action,
    reason="",
    department="",
    answer="",
    merged_into=None,
    satisfaction="",
):
    """Move a proposal along its workflow: accept, merge, return, assign, answer, rate."""
    if not org_in_scope(proposal.org):
        raise PermissionDenied
    if action == "merge":
        if (
            merged_into is None
            or merged_into.pk == proposal.pk
            or merged_into.congress_id != proposal.congress_id
        ):
            raise ValidationError({"merged_into": _("请选择本届大会的另一件提案")})
        proposal.merged_into = merged_into
    elif action == "assign":
        if not department.strip():
            raise ValidationError({"department": _("请填写承办部门")})
        proposal.department = department.strip()
    elif action == "answer":
        if not answer.strip():
            raise ValidationError({"answer": _("请填写书面答复")})
        proposal.answer = answer.strip()
        proposal.answered_at = timezone.now()
    elif action == "rate":
        if satisfaction not in ("satisfied", "basic", "unsatisfied"):
            raise ValidationError({"satisfaction": _("请选择满意度")})
        proposal.satisfaction = satisfaction
    PROPOSAL_WORKFLOW.apply(proposal, action, actor=actor, reason=reason)
    audit.record(actor, f"assemblies.proposal.{action}", proposal, extra={"reason": reason})
    return proposal
