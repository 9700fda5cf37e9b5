"""Small pieces the API routers share: answers with a status code (ninja's ``Status``, not the
deprecated ``(status, body)`` tuple), service refusals as 400 where a route declares them, and
the org a statistics route reports on."""

import functools

from django.core.exceptions import ValidationError
from ninja import Status

from .scoping import current_scope, get_scoped_or_404


def created(obj):
    """201 with ``obj`` as the body (the route declares ``response={201: ...}``)."""
    return Status(201, obj)


def refusals_as_400(view):
    """A route whose ``response`` declares ``400: ErrorOut``: a service's ``ValidationError``
    becomes 400 ``{"detail": "messages joined by ；"}`` instead of the API-wide 422."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            return bad_request(exc.messages)

    return answer


def bad_request(messages):
    """400 ``{"detail": ...}`` with ``messages`` (one string or several) joined by ``；``."""
    if isinstance(messages, str):
        messages = [messages]
    return Status(400, {"detail": "；".join(str(m) for m in messages)})


def org_or_own(code):
    """The org ``code`` names among those in scope (404 otherwise), or the scope's own org when
    ``code`` is blank: what a figures or statistics route reports on."""
    from .tree import Org

    if not code:
        return Org.objects.get(pk=current_scope().org_id)
    return get_scoped_or_404(Org.objects.visible(), code=code)
