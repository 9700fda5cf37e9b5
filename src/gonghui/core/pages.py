"""The shapes most pages repeat, written once (issue 20: one "form -> service -> redirect"
helper for every app):

- ``submit``: a form that runs a service and goes on; ``form_page``: the same with the page
  rendered when there is nothing to go on to;
- ``act``: a POST button that runs a service and reports it as a message; ``run_action``: the
  same, then back to the object's page;
- ``object_form_route`` / ``object_button_route``: routes built of them that act on one object;
- ``int_param`` / ``year_param``: query parameters of list pages (model states pages ask about:
  ``core.workflow.status_is``).

    form = forms.ObjectionForm(request.POST or None)
    return submit(request, form, services.record_objection, file=file,
                  then=("assistance:file", file.pk), success=_("已登记异议")) or render(...)

    if request.method == "POST":
        act(request, lambda: services.close_cycle(actor=request.user, cycle=cycle), _("已结束"))
    return redirect("assistance:cycle", pk=cycle.pk)
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.text.punctuation import joined

from .decorators import scoped_view
from .forms import call_service


def refusal(exc):
    """A service's refusal as one line: a ValidationError's messages joined, or the text of a
    PermissionDenied ("无权执行此操作" when it has none)."""
    if isinstance(exc, ValidationError):
        return joined(exc.messages, "semicolon")
    return str(exc) or _("无权执行此操作")


def act(request, call, success="", *, refusals=True):
    """Run ``call()`` — one service call behind a POST button — and report the outcome as a
    message: ``success`` when it ran, the refusal when it raised a ValidationError or (with
    ``refusals``, the default) a PermissionDenied of the workflow (four eyes, not this role's
    step); with ``refusals=False`` a PermissionDenied answers 403. ``success`` may be a callable
    given the call's result. True when it ran."""
    caught = (ValidationError, PermissionDenied) if refusals else ValidationError
    try:
        result = call()
    except caught as exc:
        messages.error(request, refusal(exc))
        return False
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
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


SAVED = gettext_lazy("已保存")
DONE = gettext_lazy("操作成功")


def form_page(request, form, *, template, on_valid, done=SAVED, refusals_on_form=False, **context):
    """A page with one form. A valid POST runs ``on_valid(cleaned_data)`` (a service call that
    returns the URL to go to) through ``submit``: on success the message ``done`` (none when
    ``None``) and a redirect to that URL; a service's ``ValidationError`` lands on the form.
    Otherwise ``template`` is rendered with ``form`` and ``context``."""
    return submit(
        request,
        form,
        lambda actor, **values: on_valid(values),
        then=lambda url: url,
        success=done or "",
        refusals_on_form=refusals_on_form,
    ) or render(request, template, {"form": form, **context})


def run_action(request, action, back, *, done=DONE, refusals=False):
    """A POST-only button: ``act`` on ``action()`` (a service; its ``ValidationError`` becomes
    an error message, a ``PermissionDenied`` answers 403) and go back to ``back``. A GET only
    goes back."""
    if request.method == "POST":
        act(request, action, done, refusals=refusals)
    return redirect(back)


def object_form_route(
    permission, lookup, *, route, form_class, title, call, template,
    initial=None, intro=None, check=None, multipart=False,
):  # fmt: skip
    """A route whose page is one form about its object, running one service and going back to
    the object's page (the URL named ``route`` with the object's pk):

    - ``@scoped_view(permission, lookup=lookup)``: 404 out of scope, then 403;
    - ``check(obj)`` first when given (a refusal of the app's own, e.g. 403 where the object
      was only sent down to this union);
    - the form is ``form_class(POST[, FILES when multipart], initial=initial(obj))`` on
      ``template``, titled ``title``, with ``intro(obj)`` above it;
    - a valid POST runs ``call(request, obj, cleaned_data)`` through ``form_page``.
    """

    @scoped_view(permission, lookup=lookup)
    def view(request, **kwargs):
        obj = kwargs[lookup.name]
        if check is not None:
            check(obj)
        files = (request.FILES or None,) if multipart else ()
        form = form_class(request.POST or None, *files, initial=initial(obj) if initial else None)
        back = reverse(route, args=[obj.pk])

        def on_valid(data):
            call(request, obj, data)
            return back

        return form_page(
            request, form, template=template, on_valid=on_valid, title=title, back=back,
            intro=intro(obj) if intro else "", multipart=multipart,
        )  # fmt: skip

    return view


def object_button_route(permission, lookup, *, route, call, check=None, done=DONE):
    """A POST-only route about its object (publish, open, close...): ``scoped_view`` with the
    lookup, ``check(obj)`` when given, then ``run_action`` of ``call(request, obj)`` (message
    ``done``) and back to the object's page ``route``."""

    @scoped_view(permission, lookup=lookup)
    def view(request, **kwargs):
        obj = kwargs[lookup.name]
        if check is not None:
            check(obj)
        back = reverse(route, args=[obj.pk])
        return run_action(request, lambda: call(request, obj), back, done=done)

    return view


# --- Query parameters of list pages -----------------------------------------------------------


def int_param(value):
    """A whole number from a query parameter, or ``None`` (also for numbers no column holds)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -(2**31) < number < 2**31 else None


def year_param(value):
    """A plausible calendar year from a query parameter, or ``None``."""
    number = int_param(value)
    return number if number is not None and 1900 <= number <= 2200 else None
