"""Pages: staff set-up and the live session console, delegates' phone pages, the projector."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gonghui.core import config
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.scoping import current_scope, get_scoped_or_404
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from . import conf, exporters, forms, selectors, services
from .models import (
    Congress,
    CongressKind,
    Constituency,
    Delegate,
    Document,
    Poll,
    PollKind,
    PollMethod,
    Proposal,
    Session,
)

VIEW = "assemblies.view_congress"
MANAGE = "assemblies.manage_congress"
RUN = "assemblies.run_poll"
DELEGATE = "assemblies.act_as_delegate"


def _congress(pk, permission=VIEW):
    return get_scoped_or_404(Congress.objects.select_related("org", "employer"), permission, pk=pk)


def _session(pk, permission=VIEW):
    return get_scoped_or_404(Session.objects.select_related("congress__org"), permission, pk=pk)


def _poll(pk, permission=VIEW):
    return get_scoped_or_404(
        Poll.objects.select_related("session__congress__org"), permission, pk=pk
    )


def _member(congress, ref):
    """One member of the congress's union (subtree) by card number or exact name."""
    ref = ref.strip()
    members = Member.objects.filter(Q(card_number=ref) | Q(name=ref)).in_subtree(congress.org.path)
    found = list(members[:2])
    if len(found) != 1:
        raise ValidationError({"member_ref": _("找不到唯一的会员：请填写会员证号")})
    return found[0]


# --- congresses --------------------------------------------------------------------------------


@scoped_view(VIEW)
def congress_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    congresses = selectors.congresses()
    if query:
        congresses = congresses.filter(name__icontains=query)
    if kind in CongressKind.values:
        congresses = congresses.filter(kind=kind)
    page = Paginator(congresses, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assemblies/congress_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": CongressKind.choices},
    )


@scoped_view(MANAGE)
def congress_create(request):
    org = Org.objects.get(pk=current_scope().org_id)
    form = forms.CongressForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.create_congress(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已建立：%(name)s") % {"name": congress.name})
            return redirect("assemblies:congress", pk=congress.pk)
    return render(request, "assemblies/form.html", {"form": form, "title": _("新建代表大会")})


@scoped_view(VIEW)
def congress_detail(request, pk):
    congress = _congress(pk)
    show_ended = request.GET.get("all") == "1"
    return render(
        request,
        "assemblies/congress_detail.html",
        {
            "congress": congress,
            "checks": selectors.composition(congress),
            "delegates": selectors.delegates_of(congress, include_ended=show_ended),
            "show_ended": show_ended,
            "sessions": selectors.sessions_of(congress),
        },
    )


@scoped_view(MANAGE)
def delegate_add(request, pk):
    congress = _congress(pk, MANAGE)
    form = forms.DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            member = _member(congress, data.pop("member_ref"))
            name = data.pop("constituency").strip()
            constituency = None
            if name:
                constituency = Constituency.objects.filter(
                    congress=congress, name=name
                ).first() or services.add_constituency(
                    actor=request.user, congress=congress, name=name
                )
            services.add_delegate(
                actor=request.user,
                congress=congress,
                member=member,
                constituency=constituency,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记代表：%(name)s") % {"name": member.name})
            return redirect("assemblies:congress", pk=congress.pk)
    return render(
        request,
        "assemblies/form.html",
        {"form": form, "congress": congress, "title": _("登记代表")},
    )


@scoped_view(MANAGE)
def delegate_end(request, pk):
    delegate = get_scoped_or_404(
        Delegate.objects.select_related("congress__org", "member"), MANAGE, pk=pk
    )
    form = forms.EndDelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = None
            if data["successor_ref"].strip():
                successor = _member(delegate.congress, data["successor_ref"])
            services.end_delegate(
                actor=request.user,
                delegate=delegate,
                status=data["status"],
                reason=data["reason"],
                successor=successor,
                is_frontline=delegate.is_frontline,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录"))
            return redirect("assemblies:congress", pk=delegate.congress_id)
    return render(
        request,
        "assemblies/form.html",
        {
            "form": form,
            "congress": delegate.congress,
            "title": _("替补或罢免代表：%(name)s") % {"name": delegate.member.name},
        },
    )


# --- sessions ----------------------------------------------------------------------------------


@scoped_view(MANAGE)
def session_create(request, pk):
    congress = _congress(pk, MANAGE)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agenda = [line.strip() for line in data.pop("agenda").splitlines() if line.strip()]
        session = services.create_session(
            actor=request.user, congress=congress, agenda=agenda, **data
        )
        return redirect("assemblies:session", pk=session.pk)
    return render(
        request,
        "assemblies/form.html",
        {"form": form, "congress": congress, "title": _("新建会议")},
    )


def _console_context(request, session):
    documents, doc_days = selectors.documents_status(session)
    return {
        "session": session,
        "congress": session.congress,
        "figures": selectors.session_figures(session),
        "checks": selectors.composition(session.congress),
        "documents": documents,
        "doc_days": doc_days,
        "checkins": selectors.checkin_list(session),
        "polls": selectors.polls_of(session),
        "qr_seconds": _qr_seconds(session),
        "document_form": forms.DocumentForm(),
        "agenda_form": forms.AgendaForm(),
        "minutes_form": forms.MinutesForm(initial={"minutes": session.minutes}),
    }


@scoped_view(VIEW)
def session_console(request, pk):
    session = _session(pk)
    return render(request, "assemblies/session_console.html", _console_context(request, session))


@scoped_view(VIEW)
def session_live(request, pk):
    """htmx: check-in count, quorum and poll states, refreshed every few seconds."""
    session = _session(pk)
    return render(
        request,
        "assemblies/_live.html",
        {
            "session": session,
            "figures": selectors.session_figures(session),
            "polls": selectors.polls_of(session),
        },
    )


@scoped_view(MANAGE)
def session_action(request, pk):
    session = _session(pk, MANAGE)
    if request.method != "POST":
        return redirect("assemblies:session", pk=session.pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.open_session(actor=request.user, session=session)
        elif action == "close":
            services.close_session(
                actor=request.user, session=session, minutes=request.POST.get("minutes", "")
            )
        elif action == "minutes":
            services.save_minutes(
                actor=request.user, session=session, minutes=request.POST.get("minutes", "")
            )
        elif action == "report":
            services.record_report(actor=request.user, session=session)
        elif action == "agenda":
            form = forms.AgendaForm(request.POST)
            if form.is_valid():
                services.add_agenda_item(
                    actor=request.user, session=session, title=form.cleaned_data["title"]
                )
        elif action == "document":
            form = forms.DocumentForm(request.POST, request.FILES)
            if form.is_valid():
                services.add_document(actor=request.user, session=session, **form.cleaned_data)
        elif action == "checkin":
            delegate = get_scoped_or_404(
                Delegate, MANAGE, pk=request.POST.get("delegate"), congress=session.congress
            )
            services.check_in_delegate(actor=request.user, session=session, delegate=delegate)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("assemblies:session", pk=session.pk)


@scoped_view(MANAGE)
def document_release(request, pk):
    document = get_scoped_or_404(
        Document.objects.select_related("session__congress__org").filter(
            session__in=Session.objects.all()
        ),
        MANAGE,
        pk=pk,
    )
    if request.method != "POST":
        return redirect("assemblies:session", pk=document.session_id)
    try:
        services.release_document(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("assemblies:session", pk=document.session_id)


def _qr_seconds(session):
    return config.get(conf.CHECKIN_QR_SECONDS.key, org=session.org)


@never_cache
@scoped_view(VIEW)
def session_qr(request, pk):
    """The check-in QR as it is now (its code changes every few seconds)."""
    import io

    import segno

    session = _session(pk)
    code = services.checkin_code(session)
    url = request.build_absolute_uri(reverse("assemblies:qr_checkin", args=[code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, title=_("扫码签到"))
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@scoped_view(VIEW)
def session_qr_panel(request, pk):
    """htmx: the QR image, reloaded more often than its code changes."""
    session = _session(pk)
    return render(
        request,
        "assemblies/_qr.html",
        {
            "session": session,
            "stamp": services.checkin_code(session)[-8:],
            "qr_seconds": _qr_seconds(session),
        },
    )


@scoped_view(VIEW)
def projector(request, pk):
    session = _session(pk)
    return render(request, "assemblies/projector.html", {"session": session})


@scoped_view(VIEW)
def projector_live(request, pk):
    session = _session(pk)
    poll = selectors.current_poll(session)
    return render(
        request,
        "assemblies/_projector_live.html",
        {
            "session": session,
            "figures": selectors.session_figures(session),
            "poll": poll,
            "show_results": poll is not None and selectors.results_visible(poll),
            "stamp": services.checkin_code(session)[-8:],
        },
    )


@scoped_view(VIEW)
def vote_record(request, pk):
    session = _session(pk)
    return exporters.vote_record_response(session)


# --- polls -------------------------------------------------------------------------------------


@scoped_view(RUN)
def poll_create(request, pk):
    session = _session(pk, RUN)
    form = forms.PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.create_poll(
                actor=request.user,
                session=session,
                kind=data["kind"],
                title=data["title"],
                is_secret=data["is_secret"],
                method=data["method"],
                seats=data["seats"] or 0,
                candidates=[(name, None) for name in form.candidate_names()],
                allow_write_in=data["allow_write_in"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assemblies:poll", pk=poll.pk)
    return render(
        request,
        "assemblies/form.html",
        {"form": form, "congress": session.congress, "title": _("新建表决事项")},
    )


def _tally_form(poll, data=None):
    if poll.kind == PollKind.RESOLUTION:
        return forms.ResolutionTallyForm(data)
    return forms.ElectionTallyForm(data, candidates=poll.candidates.all())


@scoped_view(VIEW)
def poll_detail(request, pk):
    poll = _poll(pk)
    tally = getattr(poll, "tally", None)
    # POST, not GET: a receipt code in a URL would reach access logs beside the user's address.
    receipt = forms.ReceiptForm(request.POST or None)
    counted = None
    if receipt.is_valid():
        counted = services.receipt_counted(poll, receipt.cleaned_data["code"])
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


@scoped_view(RUN)
def poll_action(request, pk):
    poll = _poll(pk, RUN)
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
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权执行此操作"))
    return redirect("assemblies:poll", pk=poll.pk)


@scoped_view(VIEW)
def poll_sheet(request, pk):
    poll = _poll(pk)
    if not selectors.results_visible(poll):
        messages.error(request, _("结果公布后才能打印结果报告单"))
        return redirect("assemblies:poll", pk=poll.pk)
    return exporters.result_sheet_response(poll)


@scoped_view(VIEW)
def poll_ballot(request, pk):
    """The paper ballot to print, for unions that vote on paper."""
    return exporters.paper_ballot_response(_poll(pk))


# --- proposals ---------------------------------------------------------------------------------


@scoped_view(VIEW)
def proposal_list(request, pk):
    congress = _congress(pk)
    return render(
        request,
        "assemblies/proposal_list.html",
        {"congress": congress, **selectors.proposal_report(congress)},
    )


@scoped_view(VIEW)
def proposal_detail(request, pk):
    proposal = get_scoped_or_404(
        Proposal.objects.select_related("congress", "delegate__member"), VIEW, pk=pk
    )
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


def _my_session(request, pk):
    session = _session(pk, DELEGATE)
    return session, selectors.delegate_in(request.user, session.congress)


@scoped_view(DELEGATE)
def my_session(request, pk):
    session, delegate = _my_session(request, pk)
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
@scoped_view(DELEGATE)
def qr_checkin(request, token):
    """The page the session's QR opens on a delegate's phone; ``token`` is the QR's current
    code, checked again when the delegate confirms."""
    session = get_scoped_or_404(
        Session.objects.select_related("congress"),
        DELEGATE,
        checkin_token=token.rpartition(".")[0],
    )
    delegate = selectors.delegate_in(request.user, session.congress)
    if request.method == "POST" and delegate is not None:
        try:
            services.check_in_self(
                actor=request.user, session=session, delegate=delegate, code=token
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("签到成功"))
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
@scoped_view(DELEGATE)
def my_vote(request, pk):
    """The ballot. The receipt code is rendered once in the response to the vote, never kept in
    the session, a message or a redirect URL (each of those would tie it to the voter)."""
    poll = _poll(pk, DELEGATE)
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
            error = "；".join(exc.messages)
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


@scoped_view(DELEGATE)
def my_results(request, pk):
    poll = _poll(pk, DELEGATE)
    # POST, not GET: a receipt code in a URL would reach access logs beside the user's address.
    receipt = forms.ReceiptForm(request.POST or None)
    counted = None
    if receipt.is_valid():
        counted = services.receipt_counted(poll, receipt.cleaned_data["code"])
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


@scoped_view(DELEGATE)
def my_proposal_new(request, pk):
    congress = _congress(pk, DELEGATE)
    delegate = selectors.delegate_in(request.user, congress)
    # In scope but not a delegate of this congress: 403.
    if delegate is None:
        raise PermissionDenied
    form = forms.ProposalForm(request.POST or None, congress=congress, exclude=delegate)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_proposal(
                actor=request.user,
                delegate=delegate,
                title=data["title"],
                body=data["body"],
                cosigners=list(data["cosigners"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("提案已提交"))
            return redirect("assemblies:my_home")
    return render(
        request, "assemblies/form.html", {"form": form, "title": _("提出提案"), "mobile": True}
    )


@scoped_view(DELEGATE)
def my_proposal(request, pk):
    proposal = get_scoped_or_404(
        Proposal.objects.select_related("delegate__member"), DELEGATE, pk=pk
    )
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
            form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            return redirect("assemblies:my_proposal", pk=proposal.pk)
    return render(
        request,
        "assemblies/my_proposal.html",
        {
            "proposal": proposal,
            "mine": mine,
            "form": form,
            "can_rate": mine and proposal.status == "answered",
        },
    )
