"""Pages of sessions: set-up, the live console, check-in QR, the projector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gonghui.core import config
from gonghui.core.decorators import scoped_view
from gonghui.core.pages import act, submit
from gonghui.core.scoping import get_scoped_or_404
from gonghui.core.text.punctuation import joined

from .. import conf, exporters, forms, selectors, services
from ..models import (
    Delegate,
)
from ._common import CONGRESS, DOCUMENT, MANAGE, SESSION, VIEW, _form_page

# --- sessions ----------------------------------------------------------------------------------


@scoped_view(MANAGE, lookup=CONGRESS)
def session_create(request, congress):
    form = forms.SessionForm(request.POST or None)

    def session(data):
        values = dict(data)
        agenda = values.pop("agenda").splitlines()
        return {**values, "agenda": [line.strip() for line in agenda if line.strip()]}

    return submit(
        request,
        form,
        services.create_session,
        congress=congress,
        data=session,
        then=lambda session: ("assemblies:session", session.pk),
    ) or _form_page(request, form, _("新建会议"), congress)


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


@scoped_view(VIEW, lookup=SESSION)
def session_console(request, session):
    return render(request, "assemblies/session_console.html", _console_context(request, session))


@scoped_view(VIEW, lookup=SESSION)
def session_live(request, session):
    """htmx: check-in count, quorum and poll states, refreshed every few seconds."""
    return render(
        request,
        "assemblies/_live.html",
        {
            "session": session,
            "figures": selectors.session_figures(session),
            "polls": selectors.polls_of(session),
        },
    )


@scoped_view(MANAGE, lookup=SESSION)
def session_action(request, session):
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
        messages.error(request, joined(exc.messages, "semicolon"))
    return redirect("assemblies:session", pk=session.pk)


@scoped_view(MANAGE, lookup=DOCUMENT)
def document_release(request, document):
    if request.method == "POST":
        release = services.release_document
        act(request, lambda: release(actor=request.user, document=document), refusals=False)
    return redirect("assemblies:session", pk=document.session_id)


def _qr_seconds(session):
    return config.get(conf.CHECKIN_QR_SECONDS.key, org=session.org)


@never_cache
@scoped_view(VIEW, lookup=SESSION)
def session_qr(request, session):
    """The check-in QR as it is now (its code changes every few seconds)."""
    import io

    import segno

    token, _dot, mac = services.checkin_code(session).rpartition(".")
    url = request.build_absolute_uri(reverse("assemblies:qr_checkin", args=[token, mac]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, title=_("扫码签到"))
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@scoped_view(VIEW, lookup=SESSION)
def session_qr_panel(request, session):
    """htmx: the QR image, reloaded more often than its code changes."""
    return render(
        request,
        "assemblies/_qr.html",
        {
            "session": session,
            "stamp": services.checkin_code(session)[-8:],
            "qr_seconds": _qr_seconds(session),
        },
    )


@scoped_view(VIEW, lookup=SESSION)
def projector(request, session):
    return render(request, "assemblies/projector.html", {"session": session})


@scoped_view(VIEW, lookup=SESSION)
def projector_live(request, session):
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


@scoped_view(VIEW, lookup=SESSION)
def vote_record(request, session):
    return exporters.vote_record_response(session)
