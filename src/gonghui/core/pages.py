"""The two steps most pages repeat, written once: a form that runs a service and goes on
(``submit``), and a POST button that runs a service and reports it as a message (``act``).

    form = forms.ObjectionForm(request.POST or None)
    return submit(request, form, services.record_objection, file=file,
                  then=("assistance:file", file.pk), success=_("已登记异议")) or render(...)

    if request.method == "POST":
        act(request, lambda: services.close_cycle(actor=request.user, cycle=cycle), _("已结束"))
    return redirect("assistance:cycle", pk=cycle.pk)
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .forms import call_service


def refusal(exc):
    """A service's refusal as one line: a ValidationError's messages joined, or the text of a
    PermissionDenied ("无权执行此操作" when it has none)."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("无权执行此操作")


def act(request, call, success="", *, refusals=True):
    """Run ``call()`` — one service call behind a POST button — and report the outcome as a
    message: ``success`` when it ran, the refusal when it raised a ValidationError or (with
    ``refusals``, the default) a PermissionDenied of the workflow (four eyes, not this role's
    step); with ``refusals=False`` a PermissionDenied answers 403. True when it ran."""
    caught = (ValidationError, PermissionDenied) if refusals else ValidationError
    try:
        call()
    except caught as exc:
        messages.error(request, refusal(exc))
        return False
    if success:
        messages.success(request, success)
    return True


def go(then, result=None):
    """The redirect to ``then``: a callable given ``result`` (the service's), a ``(route,
    *args)`` tuple, or anything ``redirect`` takes (a URL, a route name without arguments)."""
    if callable(then):
        then = then(result)
    return redirect(*then) if isinstance(then, tuple) else redirect(then)


def submit(
    request, form, service, *, then, success="", data=None, refusals_on_form=False, **kwargs
):
    """The form → service → redirect step of a page. For a POST whose ``form`` is valid, run
    ``service(actor=request.user, **kwargs, **form.cleaned_data)`` — or ``**data(cleaned_data)``
    where the service's names differ from the form's (a ValidationError ``data`` raises, such as
    a code not found, lands on the form too) — through ``core.forms.call_service``, and answer
    the redirect to ``then`` (see ``go``; a callable is given the service's result) with
    ``success`` as a message (a callable: given the result too). Otherwise ``None``, the service's errors on the form, so that the
    page renders it: ``return submit(...) or render(...)``."""
    if request.method != "POST" or not form.is_valid():
        return None

    def run():
        values = data(form.cleaned_data) if data else form.cleaned_data
        return service(actor=request.user, **kwargs, **values)

    result, ok = call_service(form, run, refusals_on_form=refusals_on_form)
    if not ok:
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return go(then, result)
