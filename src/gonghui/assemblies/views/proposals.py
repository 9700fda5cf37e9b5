"""Pages of proposals (提案)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors

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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = None
        if data["merged_into"]:
            target = Proposal.objects.filter(pk=data["merged_into"]).first()
        try:
            services.handle_proposal(
                actor=request.user,
                proposal=proposal,
                action=data["action"],
                reason=data["reason"],
                department=data["department"],
                answer=data["answer"],
                merged_into=target,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("无权办理提案"))
        else:
            messages.success(request, _("已办理"))
            return redirect("assemblies:proposal", pk=proposal.pk)
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
