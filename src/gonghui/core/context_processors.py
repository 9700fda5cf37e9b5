from django.conf import settings

from .navigation import navigation_for


def shell(request):
    scope = getattr(request, "scope", None)
    return {
        "site_name": settings.SITE_NAME,
        "scope": scope,
        "assignments": getattr(request, "assignments", []),
        "active_assignment": getattr(request, "active_assignment", None),
        "nav_items": navigation_for(scope) if scope else [],
    }
