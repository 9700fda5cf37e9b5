"""Pages of polls: creation, detail, actions, paper sheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import refusal, submit

from .. import exporters, forms, selectors, services
from ..models import (
    PollKind,
    PollMethod,
)
from ._common import POLL, RUN, SESSION, VIEW, _form_page, _receipt_check

# --- polls -------------------------------------------------------------------------------------


@scoped_view(RUN, lookup=SESSION)
def poll_create(request, session):
    form = forms.PollForm(request.POST or None)
    return submit(
        request,
        form,
        services.create_poll,
        session=session,
        data=lambda d: {
            "kind": d["kind"],
            "title": d["title"],
            "is_secret": d["is_secret"],
            "method": d["method"],
            "seats": d["seats"] or 0,
            "candidates": [(name, None) for name in form.candidate_names()],
            "allow_write_in": d["allow_write_in"],
        },
        then=lambda poll: ("assemblies:poll", poll.pk),
    ) or _form_page(request, form, _("新建表决事项"), session.congress)


def _tally_form(poll, data=None):
    if poll.kind == PollKind.RESOLUTION:
        return forms.ResolutionTallyForm(data)
    return forms.ElectionTallyForm(data, candidates=poll.candidates.all())


@scoped_view(VIEW, lookup=POLL)
def poll_detail(request, poll):
    tally = getattr(poll, "tally", None)
    receipt, counted = _receipt_check(request, poll)
    return render(
        request,
        "assemblies/poll_detail.html",
        {
            "poll": poll,
            "session": poll.session,
            "congress": poll.session.congress,
            "show_results": selectors.results_visible(poll),
            "tally": tally,
            "tally_checks": services.tally_checks(poll, tally.counts) if tally else [],
            "tally_form": _tally_form(poll) if poll.method == PollMethod.PAPER else None,
            "outcome": selectors.election_outcome(poll) if poll.kind == PollKind.ELECTION else None,
            "voted": poll.participations.count(),
            "open_form": forms.OpenPollForm() if poll.is_sealed else None,
            "close_form": forms.ClosePollForm() if poll.is_sealed else None,
            "scrutineers": poll.scrutineers.all(),
            "receipt_form": receipt,
            "counted": counted,
        },
    )


@scoped_view(RUN, lookup=POLL)
def poll_action(request, poll):
    if request.method != "POST":
        return redirect("assemblies:poll", pk=poll.pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            form = forms.OpenPollForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("监票人姓名或口令过长"))
            services.open_poll(actor=request.user, poll=poll, **form.scrutineers())
        elif action == "close":
            form = forms.ClosePollForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("开票口令过长"))
            services.close_poll(actor=request.user, poll=poll, **form.cleaned_data)
        elif action == "runoff":
            runoff = services.create_runoff(actor=request.user, poll=poll)
            return redirect("assemblies:poll", pk=runoff.pk)
        elif action == "confirm":
            services.confirm_tally(actor=request.user, poll=poll)
        elif action == "tally":
            form = _tally_form(poll, request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写全部票数（非负整数）"))
            counts = form.counts() if poll.kind == PollKind.ELECTION else form.cleaned_data
            services.enter_tally(actor=request.user, poll=poll, counts=counts)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal(exc))
    return redirect("assemblies:poll", pk=poll.pk)


@scoped_view(VIEW, lookup=POLL)
def poll_sheet(request, poll):
    if not selectors.results_visible(poll):
        messages.error(request, _("结果公布后才能打印结果报告单"))
        return redirect("assemblies:poll", pk=poll.pk)
    return exporters.result_sheet_response(poll)


@scoped_view(VIEW, lookup=POLL)
def poll_ballot(request, poll):
    """The paper ballot to print, for unions that vote on paper."""
    return exporters.paper_ballot_response(poll)
