"""Lookups and helpers shared by the honours pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from gonghui.core.forms import add_service_errors
from gonghui.core.scoping import get_scoped_or_404

from .. import forms, selectors


def _round(pk, permission="honours.view_round"):
    return get_scoped_or_404(selectors.rounds_in_scope(), permission, pk=pk)


def _managed_round(pk):
    """A round the active role runs: in scope (else 404) and organised in its subtree (else 403)."""
    round_ = _round(pk, "honours.manage_round")
    if not selectors.can_manage(round_):
        raise PermissionDenied
    return round_


def _nomination(pk, permission="honours.view_nomination"):
    return get_scoped_or_404(selectors.nominations_in_scope(), permission, pk=pk)


def _done(request, text, target):
    messages.success(request, text)
    return target


def _reason_action(
    request, pk, permission, service, title, done_text, form_class=None, organiser_only=False
):
    nomination = _nomination(pk, permission)
    if organiser_only and not selectors.can_manage(nomination.round):
        raise PermissionDenied
    form = (form_class or forms.ReasonForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, done_text, redirect("honours:nomination", pk=pk))
    return render(
        request, "honours/nomination_action.html", {"n": nomination, "form": form, "title": title}
    )
