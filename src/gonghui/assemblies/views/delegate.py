"""Delegates' phone pages: home, session, check-in, vote, results, proposals."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import act, refusal, submit
from gonghui.core.text.punctuation import joined

from .. import forms, selectors, services
from ..models import (
    PollKind,
    Proposal,
    Session,
)
from ._common import CONGRESS, DELEGATE, POLL, PROPOSAL, SESSION, _form_page, _receipt_check

# --- delegates' phone pages --------------------------------------------------------------------


@scoped_view(DELEGATE)
def my_home(request):
    delegacies = list(selectors.delegacies_of(request.user))
    proposals = Proposal.objects.filter(delegate__in=delegacies).order_by("-id")
    return render(
        request,
        "assemblies/my_home.html",
        {
            "delegacies": delegacies,
            "sessions": selectors.sessions_for_delegate(request.user)[:20],
            "proposals": proposals,
            "to_vote": selectors.polls_to_vote(request.user)[:20],
            "results": selectors.polls_voted_closed(request.user)[:20],
        },
    )


@scoped_view(DELEGATE, lookup=SESSION)
def my_session(request, session):
    delegate = selectors.delegate_in(request.user, session.congress)
    checked = delegate is not None and session.checkins.filter(delegate=delegate).exists()
    documents = session.documents.filter(released_at__isnull=False)
    return render(
        request,
        "assemblies/my_session.html",
        {
            "session": session,
            "delegate": delegate,
            "checked_in": checked,
            "documents": documents,
            "polls": selectors.polls_of(session),
            "voted": selectors.voted_poll_ids(delegate, session) if delegate else set(),
            "figures": selectors.session_figures(session),
        },
    )


@never_cache
@scoped_view(
    DELEGATE,
    lookup=Lookup(
        lambda: Session.objects.select_related("congress"),
        name="session",
        checkin_token="token",  # noqa: S106 -- the URL argument's name, not a secret
    ),
)
def qr_checkin(request, session, mac):
    """The page the session's QR opens on a delegate's phone: the session found by its token,
    ``mac`` the time window's part of the QR's current code, checked again when the delegate
    confirms."""
    token = f"{session.checkin_token}.{mac}"
    delegate = selectors.delegate_in(request.user, session.congress)
    if request.method == "POST" and delegate is not None:
        act(
            request,
            lambda: services.check_in_self(
                actor=request.user, session=session, delegate=delegate, code=token
            ),
            _("签到成功"),
            refusals=False,
        )
        return redirect("assemblies:my_session", pk=session.pk)
    return render(
        request,
        "assemblies/my_checkin.html",
        {
            "session": session,
            "delegate": delegate,
            "code_valid": services.checkin_code_valid(session, token),
        },
    )


def _choices_from(request, poll):
    if poll.kind == PollKind.RESOLUTION:
        return {"vote": request.POST.get("vote", "")}
    marks = {str(c.pk): request.POST.get(f"c{c.pk}", "abstain") for c in poll.candidates.all()}
    write_ins = [w for w in request.POST.getlist("write_in") if w.strip()]
    return {"marks": marks, "write_ins": write_ins, "blank": request.POST.get("blank") == "1"}


@never_cache
@scoped_view(DELEGATE, lookup=POLL)
def my_vote(request, poll):
    """The ballot. The receipt code is rendered once in the response to the vote, never kept in
    the session, a message or a redirect URL (each of those would tie it to the voter)."""
    delegate = selectors.delegate_in(request.user, poll.session.congress)
    error = None
    if request.method == "POST" and delegate is not None:
        try:
            code = services.cast_vote(
                actor=request.user,
                poll=poll,
                delegate=delegate,
                choices=_choices_from(request, poll),
            )
        except ValidationError as exc:
            error = joined(exc.messages, "semicolon")
        except PermissionDenied:
            error = _("您不能在此表决中投票")
        else:
            return render(request, "assemblies/my_receipt.html", {"poll": poll, "code": code})
    voted = delegate is not None and poll.participations.filter(delegate=delegate).exists()
    return render(
        request,
        "assemblies/my_vote.html",
        {
            "poll": poll,
            "delegate": delegate,
            "voted": voted,
            "error": error,
            "candidates": poll.candidates.all(),
            "write_in_slots": range(poll.seats) if poll.allow_write_in else [],
        },
    )


@scoped_view(DELEGATE, lookup=POLL)
def my_results(request, poll):
    receipt, counted = _receipt_check(request, poll)
    return render(
        request,
        "assemblies/my_results.html",
        {
            "poll": poll,
            "show_results": selectors.results_visible(poll),
            "form": receipt,
            "counted": counted,
        },
    )


@scoped_view(DELEGATE, lookup=CONGRESS)
def my_proposal_new(request, congress):
    delegate = selectors.delegate_in(request.user, congress)
    # In scope but not a delegate of this congress: 403.
    if delegate is None:
        raise PermissionDenied
    form = forms.ProposalForm(request.POST or None, congress=congress, exclude=delegate)
    return submit(
        request,
        form,
        services.submit_proposal,
        delegate=delegate,
        data=lambda d: {"title": d["title"], "body": d["body"], "cosigners": list(d["cosigners"])},
        then="assemblies:my_home",
        success=_("提案已提交"),
    ) or _form_page(request, form, _("提出提案"), mobile=True)


@scoped_view(DELEGATE, lookup=PROPOSAL)
def my_proposal(request, proposal):
    mine = proposal.delegate.member.user_id == request.user.pk
    form = forms.RateForm(request.POST or None)
    if request.method == "POST" and mine and form.is_valid():
        try:
            services.handle_proposal(
                actor=request.user,
                proposal=proposal,
                action="rate",
                satisfaction=form.cleaned_data["satisfaction"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal(exc))
        else:
            return redirect("assemblies:my_proposal", pk=proposal.pk)
    return render(
        request,
        "assemblies/my_proposal.html",
        {
            "proposal": proposal,
            "mine": mine,
            "form": form,
            "can_rate": mine and selectors.proposal_awaits_rating(proposal),
        },
    )
