from django.conf import settings

from .navigation import navigation_for, navigation_html


def shell(request):
    scope = getattr(request, "scope", None)
    return {
        "site_name": settings.SITE_NAME,
        "scope": scope,
        "assignments": getattr(request, "assignments", []),
        "active_assignment": getattr(request, "active_assignment", None),
        "nav_items": navigation_for(scope) if scope else [],
        "nav_html": navigation_html(scope, request.path) if scope else "",
    }
