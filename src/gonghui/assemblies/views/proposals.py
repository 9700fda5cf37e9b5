"""Pages of proposals (提案)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import submit

from .. import forms, selectors, services
from ..models import (
    Proposal,
)
from ._common import CONGRESS, PROPOSAL, VIEW

# --- proposals ---------------------------------------------------------------------------------


@scoped_view(VIEW, lookup=CONGRESS)
def proposal_list(request, congress):
    return render(
        request,
        "assemblies/proposal_list.html",
        {"congress": congress, **selectors.proposal_report(congress)},
    )


@scoped_view(VIEW, lookup=PROPOSAL)
def proposal_detail(request, proposal):
    form = forms.HandleProposalForm(request.POST or None)

    def handling(data):
        target = None
        if data["merged_into"]:
            target = Proposal.objects.filter(pk=data["merged_into"]).first()
        return {**data, "merged_into": target}

    def handle(**kwargs):
        try:
            return services.handle_proposal(**kwargs)
        except PermissionDenied:
            raise PermissionDenied(_("无权办理提案")) from None

    done = submit(
        request,
        form,
        handle,
        proposal=proposal,
        data=handling,
        then=("assemblies:proposal", proposal.pk),
        success=_("已办理"),
        refusals_on_form=True,
    )
    if done:
        return done
    from gonghui.core.workflow import history

    return render(
        request,
        "assemblies/proposal_detail.html",
        {
            "proposal": proposal,
            "form": form,
            "history": history(proposal),
            "cosigners": proposal.cosigners.select_related("member"),
        },
    )
