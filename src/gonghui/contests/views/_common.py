"""Lookups and helpers shared by the contests pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup
from gonghui.orgs.models import Org

from .. import selectors

# The objects of the contests routes, looked up in scope before the view runs (404 outside it).
CAMPAIGN = Lookup(lambda: selectors.campaigns(), name="campaign")
EVENT = Lookup(lambda: selectors.events(), name="event")


def _root(request):
    return Org.objects.get(path=request.scope.org_path)


def _errors(exc):
    return exc.messages if isinstance(exc, ValidationError) else [str(exc) or _("无权执行此操作")]


def _run(request, call, success):
    """Run a service call from a POST button; report its outcome as a message. A GET (after
    the object lookup, so out-of-scope objects still answer 404) changes nothing."""
    if request.method != "POST":
        return False
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(_errors(exc)))
        return False
    messages.success(request, success)
    return True
