from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .scoping import denied_permission, require_perm


class _Refused(Exception):
    pass


def scoped_view(permission=None):
    """Login required; an active role assignment required; ``permission`` checked.

    Out of scope answers 404 and in scope without the permission 403, in that order:

    - a route without URL arguments (a list, a form) checks the permission first (403);
    - an object route (URL arguments) whose permission the role lacks still runs its lookups:
      ``get_scoped_or_404`` answers 404 for what is out of scope and 403 for what is in it. Should
      the view return without looking anything up, its writes are rolled back and it answers 403.
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
            if permission is None or request.scope.has_perm(permission):
                return view(request, *args, **kwargs)
            # Lacking the permission on a route without an object: 403.
            if not kwargs and not args:
                require_perm(permission)
            # Lacking it on an object route: 404 or 403 decided by the lookup.
            token = denied_permission.set(permission)
            try:
                with transaction.atomic():
                    view(request, *args, **kwargs)
                    raise _Refused
            except _Refused:
                raise PermissionDenied from None
            finally:
                denied_permission.reset(token)

        wrapper.gonghui_permission = permission
        return wrapper

    return decorator
