"""Shapes shared by the pages of several apps: a page with one form that runs a service, and a
POST-only button that runs one. (Lists page with ``core.paging.paginate``.)

Both report the outcome the same way everywhere: a success message and a redirect, or the
service's refusal (its ``ValidationError``) on the form or as an error message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .forms import call_service

SAVED = _("已保存")
DONE = _("操作成功")


def form_page(request, form, *, template, on_valid, done=SAVED, **context):
    """A page with one form. A valid POST runs ``on_valid(cleaned_data)`` (a service call that
    returns the URL to go to) through ``call_service``: on success the message ``done`` (none
    when ``None``) and a redirect to that URL; a service's ``ValidationError`` lands on the
    form. Otherwise ``template`` is rendered with ``form`` and ``context``."""
    if request.method == "POST" and form.is_valid():
        url, ok = call_service(form, lambda: on_valid(form.cleaned_data))
        if ok:
            if done is not None:
                messages.success(request, done)
            return redirect(url)
    return render(request, template, {"form": form, **context})


def run_action(request, action, back, *, done=DONE):
    """A POST-only button: run ``action()`` (a service) and go back to ``back``, with the
    message ``done`` or the service's refusal (``ValidationError``) as an error message. A GET
    only goes back."""
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, done)
    return redirect(back)
