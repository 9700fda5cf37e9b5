from django.conf import settings

from .home import home_url
from .navigation import navigation_for, navigation_html


def shell(request):
    scope = getattr(request, "scope", None)
    active = getattr(request, "active_assignment", None)
    return {
        "site_name": settings.SITE_NAME,
        "scope": scope,
        "assignments": getattr(request, "assignments", []),
        "active_assignment": active,
        "home_url": home_url(active),
        "nav_items": navigation_for(scope) if scope else [],
        "nav_html": navigation_html(scope, request.path) if scope else "",
        # the account menu's API tokens and second factor: staff's, not a member's phone pages
        "staff_account": bool(scope and scope.has_perm("core.manage_tokens")),
    }
