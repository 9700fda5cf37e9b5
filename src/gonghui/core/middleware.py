"""Runs every request inside the scope of the user's active role assignment."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import access, audit, scoping
from .ratelimit import client_address

# Pages a district admin may open before passing the second factor.
_TWO_FACTOR_EXEMPT = ("core:two_factor", "core:logout", "core:set_language")
# Pages a user with a temporary password may open before choosing their own.
_PASSWORD_CHANGE_EXEMPT = (
    "core:password_change",
    "core:two_factor",
    "core:logout",
    "core:set_language",
)


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None
        self._password_exempt = None

    def exempt_paths(self):
        if self._exempt_paths is None:
            self._exempt_paths = tuple(reverse(name) for name in _TWO_FACTOR_EXEMPT)
        return self._exempt_paths

    def password_exempt_paths(self):
        if self._password_exempt is None:
            self._password_exempt = tuple(reverse(name) for name in _PASSWORD_CHANGE_EXEMPT)
        return self._password_exempt

    def _too_big(self, request):
        """Anonymous form posts (public forms, login) are small: refuse a huge body before
        anything reads it. The API (token uploads) and logged-in users keep Django's limits."""
        if request.method != "POST" or request.path.startswith("/api/"):
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return True
        return length > settings.PUBLIC_MAX_BODY_BYTES and not request.user.is_authenticated

    def __call__(self, request):
        if self._too_big(request):
            return HttpResponse(
                _("提交的内容过大，请删减后再提交"),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        ip_token = audit.client_ip.set(client_address(request))
        request.scope = None
        request.assignments = []
        request.active_assignment = None
        # Always set (even to None) so that whatever API auth activates later in this request
        # is undone when it ends: a scope never outlives its request on a worker thread.
        scope_token = scoping.set_scope(None)
        try:
            user = request.user
            if user.is_authenticated:
                request.assignments = access.request_assignments(user)
                assignment = access.active_assignment(request, request.assignments)
                request.active_assignment = assignment
                if assignment is not None:
                    if (
                        access.needs_second_factor(user, assignment)
                        and not request.path.startswith(self.exempt_paths())
                        and not request.path.startswith("/static/")
                    ):
                        return redirect("core:two_factor")
                    if (
                        getattr(user, "must_change_password", False)
                        and not request.path.startswith(self.password_exempt_paths())
                        and not request.path.startswith("/static/")
                    ):
                        return redirect("core:password_change")
                    request.scope = access.scope_for_assignment(assignment)
                    scoping.set_scope(request.scope)
            response = self.get_response(request)
            # Pages and downloads carry personal data: no browser or proxy keeps a copy
            # (issue 12, finding 8). A view that sets its own caching keeps it.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response
        finally:
            scoping.reset_scope(scope_token)
            audit.client_ip.reset(ip_token)
