"""Lookups and helpers shared by the contests pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.models import User
from gonghui.core.pages import act, go, submit
from gonghui.core.text.punctuation import joined
from gonghui.orgs.models import Org

from .. import selectors

# The objects of the contests routes, looked up in scope before the view runs (404 outside it).
CAMPAIGN = Lookup(lambda: selectors.campaigns(), name="campaign")
EVENT = Lookup(lambda: selectors.events(), name="event")


def _root(request):
    return Org.objects.get(path=request.scope.org_path)


def _user_named(username):
    """The login named by ``username`` (refused as a ValidationError when there is none)."""
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ValidationError(_("找不到该用户"))
    return user


def _run(request, call, success):
    """Run a service call from a POST button; report its outcome as a message. A GET (after
    the object lookup, so out-of-scope objects still answer 404) changes nothing."""
    return request.method == "POST" and act(request, call, success)


def _post_form(request, form, perform, success, back):
    """A form posted from an object's page (``back``, see ``core.pages.go``): run
    ``perform(cleaned_data)``; its outcome, or the form's errors, become messages on that page.
    A GET changes nothing."""
    if request.method == "POST":
        if form.is_valid():
            act(request, lambda: perform(form.cleaned_data), success)
        else:
            messages.error(
                request, joined((e for errs in form.errors.values() for e in errs), "semicolon")
            )
    return go(back)


def _create_view(permission, form_class, service, title, route):
    """The route of a new campaign or skill contest, organised by the scope's org; to its page
    (``route``) once made."""

    @scoped_view(permission)
    def view(request):
        form = form_class(request.POST or None)
        return submit(
            request, form, service, org=_root(request), then=lambda obj: (route, obj.pk)
        ) or render(request, "contests/form.html", {"form": form, "title": title})

    return view
