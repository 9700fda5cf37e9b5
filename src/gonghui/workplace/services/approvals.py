"""The workers' congress vote on a draft contract: linked to the congress resolution (its tally
taken from the count, never typed again) or, for a congress held outside the platform, entered
from the minutes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assemblies.models import Poll, PollKind, PollStatus
from gonghui.core import audit
from gonghui.core.scoping import require_perm

from .. import policy
from ..models import Contract, ContractStatus
from ._common import MAX_DELEGATES, _sane_dates
from .contracts import CONTRACT_WF

VOTABLE = (ContractStatus.DRAFT, ContractStatus.REJECTED)


@transaction.atomic
def record_approval(
    *,
    actor,
    contract,
    approved_on,
    delegates_total,
    delegates_present,
    votes_for,
    votes_against,
    resolution_ref="",
):
    """Record the workers' congress vote on the draft; the pass rule decides approved/rejected.

    Effects: the tally and its arithmetic on the contract; status ``approved`` or ``rejected``.
    """
    require_perm("workplace.change_contract")
    _sane_dates(approved_on=approved_on)
    counts = {
        "delegates_total": delegates_total,
        "delegates_present": delegates_present,
        "votes_for": votes_for,
        "votes_against": votes_against,
    }
    bad = {
        k: _("人数须在 0～100000 之间") for k, v in counts.items() if not 0 <= v <= MAX_DELEGATES
    }
    if bad or delegates_total == 0:
        raise ValidationError(bad or {"delegates_total": _("全体代表人数须大于 0")})
    if delegates_present > delegates_total:
        raise ValidationError({"delegates_present": _("出席人数不能多于全体代表人数")})
    if votes_for + votes_against > delegates_present:
        raise ValidationError({"votes_for": _("赞成与反对票之和不能多于出席人数")})
    result = policy.tally(
        delegates_total, delegates_present, votes_for, votes_against, contract.org
    )
    contract.approved_on = approved_on
    contract.delegates_total, contract.delegates_present = delegates_total, delegates_present
    contract.votes_for, contract.votes_against = votes_for, votes_against
    contract.tally_text = result.text + "\n" + "；".join(result.rules)
    contract.resolution_ref = resolution_ref
    CONTRACT_WF.apply(contract, "approve" if result.passed else "reject", actor=actor)
    audit.record(
        actor,
        "workplace.contract.vote",
        contract,
        extra={
            "passed": result.passed,
            "for": votes_for,
            "present": delegates_present,
            "total": delegates_total,
        },
    )
    return result


def resolution_problem(contract, poll):
    """Why ``poll`` cannot be the resolution that approved ``contract`` (Chinese), or ``None``."""
    congress = poll.session.congress
    if poll.kind != PollKind.RESOLUTION:
        return _("只能关联决议表决，不能关联选举")
    # The vote must be the contract's own enterprise's congress (a regional contract: its union's).
    if contract.employer_id and congress.employer_id != contract.employer_id:
        return _("该决议属于其他单位的职代会，不能作为本合同的表决依据")
    if not contract.employer_id and congress.org_id != contract.org_id:
        return _("该决议属于其他工会的职代会，不能作为本合同的表决依据")
    if poll.status != PollStatus.CLOSED or not poll.result:
        return _("该决议尚未表决结束")
    if not poll.result.get("quorum"):
        return _("该次表决未达到法定人数，没有表决结果")
    if not poll.result.get("passed"):
        return _("该决议未获通过，不能作为合同的职代会通过依据")
    # Unscoped: one resolution approves one contract, whoever holds the other one.
    other = Contract.unscoped.filter(resolution=poll).exclude(pk=contract.pk).first()
    if other is not None:
        return _("该决议已关联集体合同《{title}》").format(title=other.title)
    return None


@transaction.atomic
def link_resolution(*, actor, contract, poll):
    """Take the congress vote from the resolution that approved the draft.

    Effects: the contract links the resolution and copies its tally (total, present, for,
    against, abstain, the quorum and pass arithmetic), its date and reference; status
    ``approved``; audit ``workplace.contract.link_resolution``. Refused for a resolution of
    another enterprise or union, one that is not closed, lacked quorum or did not pass.
    """
    require_perm("workplace.change_contract")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    # A resolution outside the active scope does not exist for this user.
    if not Poll.objects.filter(pk=poll.pk).exists():
        raise Http404
    if contract.status not in VOTABLE:
        raise ValidationError(_("合同已通过职代会审议，不能再关联决议"))
    problem = resolution_problem(contract, poll)
    if problem:
        raise ValidationError({"poll": problem})
    result, congress = poll.result, poll.session.congress
    contract.resolution = poll
    contract.approved_on = timezone.localdate(poll.closed_at)
    contract.delegates_total, contract.delegates_present = poll.total, poll.present
    contract.votes_for, contract.votes_against = result["yes"], result["no"]
    contract.votes_abstain = result["abstain"]
    contract.tally_text = poll.result_text  # the arithmetic with quorum and pass rule
    contract.resolution_ref = f"{congress.name} · {poll.session.title} · {poll.title}"[:200]
    CONTRACT_WF.apply(contract, "approve", actor=actor)
    audit.record(
        actor,
        "workplace.contract.link_resolution",
        contract,
        extra={"poll": poll.pk, "for": result["yes"], "present": poll.present},
    )
    return contract
