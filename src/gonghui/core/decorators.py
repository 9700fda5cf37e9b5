from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .scoping import get_scoped_or_404


class Lookup:
    """The object a route is about: ``Lookup(Model, pk="pk")`` looks up ``Model.objects`` (the
    scoped manager) by ``pk`` = the URL argument ``pk``; ``source`` may also be a callable
    returning the scoped queryset (``lambda: Org.objects.visible()``). The view receives the
    object as the keyword ``name`` (default ``obj``) in place of the URL arguments it used."""

    def __init__(self, source, *, name="obj", **fields):
        self.source = source
        self.name = name
        self.fields = fields or {"pk": "pk"}

    def queryset(self):
        source = self.source
        if isinstance(source, type) and issubclass(source, models.Model):
            return source.objects.all()
        return source()

    def find(self, kwargs):
        """The object in scope (404 when missing or out of scope); takes its URL arguments out
        of ``kwargs``."""
        lookup = {field: kwargs.pop(arg) for field, arg in self.fields.items()}
        return get_scoped_or_404(self.queryset(), **lookup)


class KeyLookup(Lookup):
    """What a route is about when it is not a row: a setting, an importer, a to-do of the role.
    ``KeyLookup(get, name="definition", key="key")`` calls ``get(key=<URL argument key>)``; None
    answers 404 (``get`` may also raise ``Http404`` itself). Like ``Lookup`` it is found before
    the permission is checked and the view receives it as ``name``."""

    def find(self, kwargs):
        found = self.source(**{field: kwargs.pop(arg) for field, arg in self.fields.items()})
        if found is None:
            raise Http404
        return found


def scoped_view(permission=None, *, lookup=None):
    """Login required; an active role assignment required; ``permission`` checked. The route
    names its permission here, once: neither the lookup nor the view names it again.

    Out of scope answers 404 and in scope without the permission 403, in that order, decided
    *before the view runs*:

    - a route without URL arguments (a list, a form) checks the permission (403);
    - a route declaring ``lookup=Lookup(Model, pk="pk")`` looks its object up in scope first
      (404 when missing or out of scope), then checks the permission (403), then runs the view
      with the object;
    - the view never runs to find out (the rolled-back "run it and see" branch is gone: every
      object route declares its lookup, tests/core/test_route_lookups.py).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Anonymous: to the login page.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # Logged in but holding no role anywhere: nothing to see.
            if request.scope is None:
                raise PermissionDenied
            allowed = permission is None or request.scope.has_perm(permission)
            if lookup is not None:
                # The object first: 404 says nothing about whether the role could act on it.
                obj = lookup.find(kwargs)
                # In scope without the permission: 403, and the view never runs.
                if not allowed:
                    raise PermissionDenied
                kwargs[lookup.name] = obj
                return view(request, *args, **kwargs)
            # A route without an object (a list, a form) lacking the permission: 403. Every route
            # with an object declares its lookup (tests/core/test_route_lookups.py).
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.gonghui_permission = permission
        wrapper.gonghui_lookup = lookup
        return wrapper

    return decorator
