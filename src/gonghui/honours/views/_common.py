"""Lookups and helpers shared by the honours pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from gonghui.core.decorators import Lookup
from gonghui.core.pages import submit

from .. import forms, selectors

# The objects of the honours routes, looked up in scope before the view runs (404 outside it).
ROUND = Lookup(lambda: selectors.rounds_in_scope(), name="round_")
NOMINATION = Lookup(lambda: selectors.nominations_in_scope(), name="nomination")


def _require_manager(round_):
    """A round the active role runs: organised in its subtree (else 403)."""
    if not selectors.can_manage(round_):
        raise PermissionDenied


def _done(request, text, target):
    messages.success(request, text)
    return target


def _form_page(request, form, title, back=None, note=""):
    return render(
        request,
        "honours/form.html",
        {"form": form, "title": title, "back": back, "note": note},
    )


def _nomination_step(
    request, nomination, form, service, title, success, *, data=None, then=None, **extra
):
    """A form about one nomination: run ``service`` on it with the form's values (or
    ``data(values)``) and go to its page (or ``then``, given the result) with ``success``;
    otherwise the action page (``extra`` adds to its context)."""
    return submit(
        request,
        form,
        service,
        nomination=nomination,
        data=data,
        then=then or ("honours:nomination", nomination.pk),
        success=success,
    ) or render(
        request,
        "honours/nomination_action.html",
        {"n": nomination, "form": form, "title": title, **extra},
    )


def _reason_action(
    request, nomination, service, title, done_text, form_class=None, organiser_only=False
):
    """A step on a nomination that takes only a reason (required unless ``form_class`` says
    otherwise); ``organiser_only``: the round's organiser alone (else 403)."""
    if organiser_only and not selectors.can_manage(nomination.round):
        raise PermissionDenied
    form = (form_class or forms.ReasonForm)(request.POST or None)
    return _nomination_step(request, nomination, form, service, title, done_text)
