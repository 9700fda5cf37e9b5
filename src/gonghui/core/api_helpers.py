"""Small pieces the API routers share: the paged list route of one permission, answers with a
status code (ninja's ``Status``, not the deprecated ``(status, body)`` tuple), service refusals
as 400 where a route declares them, and the org a statistics route reports on."""

import functools

from django.core.exceptions import ValidationError
from ninja import Status
from ninja.pagination import paginate

from gonghui.core.text.punctuation import joined

from .scoping import current_scope, get_scoped_or_404, require_perm


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
    return Status(400, {"detail": joined(messages, "semicolon")})


def org_or_own(code):
    """The org ``code`` names among those in scope (404 otherwise), or the scope's own org when
    ``code`` is blank: what a figures or statistics route reports on."""
    from .tree import Org

    if not code:
        return Org.objects.get(pk=current_scope().org_id)
    return get_scoped_or_404(Org.objects.visible(), code=code)


def paged_list(router, path, schema, permission, **route):
    """``GET path``: the rows the view returns, paged (``limit``/``offset``), for holders of
    ``permission`` (403 before the view runs otherwise). ``route`` goes to ``router.get``
    (``summary``, ``url_name`` ...); the view keeps its name, so the operation id stays."""

    def register(view):
        @functools.wraps(view)
        def permitted(request, *args, **kwargs):
            require_perm(permission)
            return view(request, *args, **kwargs)

        return router.get(path, response=list[schema], **route)(paginate(permitted))

    return register
