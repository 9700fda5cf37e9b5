"""Lookups and helpers shared by the honours pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from gonghui.core.decorators import Lookup
from gonghui.core.forms import call_service

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


def _reason_action(
    request, nomination, service, title, done_text, form_class=None, organiser_only=False
):
    if organiser_only and not selectors.can_manage(nomination.round):
        raise PermissionDenied
    form = (form_class or forms.ReasonForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(
            form,
            service,
            actor=request.user,
            nomination=nomination,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            return _done(request, done_text, redirect("honours:nomination", pk=nomination.pk))
    return render(
        request, "honours/nomination_action.html", {"n": nomination, "form": form, "title": title}
    )
