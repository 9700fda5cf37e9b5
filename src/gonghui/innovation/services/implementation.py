"""Implementation of adopted proposals: owner, progress, milestones."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from gonghui.core import audit
from gonghui.core.scoping import require_perm

from ..models import (
    ImplementationStatus,
    Milestone,
    ProposalStatus,
)
from ._common import S, _fresh, _require_in_scope, _transition


@transaction.atomic
def start_implementation(*, actor, proposal, owner, due=None, department="", status="", note=""):
    """Adopted → implementing, with the owner, and the progress status and note the person
    chose on the same form (none chosen: not started)."""
    proposal = _fresh(proposal)
    if not owner.strip():
        raise ValidationError({"owner": gettext("请填写实施负责人")})
    return _transition(
        actor,
        proposal,
        "start_implementation",
        impl_owner=owner.strip(),
        impl_due=due,
        impl_status=ImplementationStatus(status or ImplementationStatus.NOT_STARTED),
        impl_note=note.strip(),
        department=department.strip() or proposal.department,
    )


@transaction.atomic
def record_implementation(*, actor, proposal, owner, due=None, status="", note=""):
    """The implementation form: an adopted proposal starts implementation with its owner; one
    already implementing records progress (a blank status keeps the current one)."""
    if proposal.status == ProposalStatus.ADOPTED:
        return start_implementation(
            actor=actor, proposal=proposal, owner=owner, due=due, status=status, note=note
        )
    return update_implementation(
        actor=actor, proposal=proposal, status=status or proposal.impl_status, note=note, due=due
    )


def update_implementation(*, actor, proposal, status, note="", due=None):
    """Progress of an adopted proposal under implementation (no change of workflow state)."""
    require_perm("innovation.manage_implementation")
    proposal = _fresh(proposal)
    if proposal.status != S.IMPLEMENTING:
        raise ValidationError(gettext("该建议不在实施阶段"))
    before = audit.snapshot(proposal)
    proposal.impl_status = ImplementationStatus(status)
    proposal.impl_note = note.strip()
    if due:
        proposal.impl_due = due
    proposal.version += 1
    proposal.save()
    audit.record_edit(actor, "innovation.proposal.implementation", proposal, before)
    return proposal


@transaction.atomic
def add_milestone(*, actor, proposal, title, due=None):
    """A milestone of a key-problem project or an implementation."""
    require_perm("innovation.manage_implementation")
    proposal = _fresh(proposal)
    milestone = Milestone.objects.create(proposal=proposal, title=title.strip(), due=due)
    audit.record(actor, "innovation.milestone.add", proposal, extra={"title": title})
    return milestone


@transaction.atomic
def complete_milestone(*, actor, milestone, done_on, result=""):
    require_perm("innovation.manage_implementation")
    _require_in_scope(milestone.proposal)
    milestone.done_on = done_on
    milestone.result = result.strip()
    milestone.save()
    audit.record(
        actor, "innovation.milestone.complete", milestone.proposal, extra={"title": milestone.title}
    )
    return milestone
