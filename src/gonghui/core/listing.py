"""Shapes shared by the pages of several apps: a page with one form that runs a service, a
POST-only button that runs one, and the routes built of them that act on one object (a step
of a contract, a survey, an activity). (Lists page with ``core.paging.paginate``.)

Both report the outcome the same way everywhere: a success message and a redirect, or the
service's refusal (its ``ValidationError``) on the form or as an error message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .decorators import scoped_view
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


# --- States that pages ask about -----------------------------------------------------------------


def status_is(*values):
    """A model property telling whether the row's ``status`` is one of ``values``, so that pages
    ask the model (``{% if c.is_draft %}``) instead of comparing codes:
    ``is_draft = status_is(ContractStatus.DRAFT)``."""
    return property(lambda self: self.status in values)
