"""Object routes declare their lookup (issue 20, item 2).

``scoped_view`` still carries a legacy branch for object routes that do not declare
``lookup=Lookup(...)``: it runs the view inside a rolled-back transaction to find out whether
the object is in scope. That branch can go once every object route of the project declares its
lookup. ``WITHOUT_LOOKUP`` lists the routes that do not yet; it only shrinks: a new object route
must declare its lookup (or carry a one-line reason in its app and be added here by the lead).
When the list is empty, the legacy branch of ``core/decorators.py`` is dead code.
"""

from django.urls import URLPattern, URLResolver, get_resolver

# Routes (namespace:name) with URL arguments whose view is a ``scoped_view`` without ``lookup=``.
WITHOUT_LOOKUP = {
    "core:outbox_retry",
    "core:password_reset",
    "core:reveal",
    "core:role_revoke",
    "core:setting_edit",
    "core:todo",
    "core:token_revoke",
    "core:totp_reset_cancel",
    "core:totp_reset_confirm",
    "core:totp_reset_request",
    "core:user_detail",
    "imports:commit",
    "imports:conflicts",
    "imports:errors",
    "imports:file",
    "imports:fix",
    "imports:job",
    "imports:map",
    "imports:progress",
    "imports:retry",
    "imports:start",
    "imports:template",
    "imports:values",
    "life:attachment",
    "life:my_activity",
    "life:my_cancel",
    "life:my_certificate",
    "life:my_checkin",
    "life:my_complete",
    "life:my_course",
    "life:my_enrol",
    "life:my_notice",
    "life:my_signup",
    "life:my_survey",
    "life:my_withdraw",
    "members:application_detail",
    "members:detail",
    "members:edit",
    "members:join_link",
    "members:status",
    "members:transfer",
    "members:transfer_detail",
    "reports:annual_layout",
    "reports:district_org",
    "rights:mine_detail",
    "workplace:attachment",
}


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in ("admin", "api"):  # Django admin; the ninja API is not scoped_view
                continue
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def object_routes_without_lookup():
    """Names of the URL patterns with an object argument whose view is a ``scoped_view`` that
    declares no ``gonghui_lookup``."""
    found = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if not pattern.pattern.regex.groupindex:
            continue
        view = pattern.callback
        if not hasattr(view, "gonghui_lookup"):  # not a scoped_view (public pages, auth)
            continue
        if view.gonghui_lookup is None:
            found.add(name)
    return found


def test_the_inventory_sees_declared_and_undeclared_routes():
    # The walk finds object routes at all, and a converted route is not listed.
    routes = dict(_walk(get_resolver().url_patterns))
    assert routes["orgs:detail"].callback.gonghui_lookup is not None
    assert "orgs:detail" not in object_routes_without_lookup()


def test_no_new_object_route_without_a_lookup():
    missing = object_routes_without_lookup()
    new = sorted(missing - WITHOUT_LOOKUP)
    assert not new, (
        "object routes without lookup= (declare @scoped_view(..., lookup=Lookup(...))): "
        + ", ".join(new)
    )


def test_the_list_only_shrinks():
    converted = sorted(WITHOUT_LOOKUP - object_routes_without_lookup())
    assert not converted, (
        "these routes declare their lookup now (or are gone): take them out of WITHOUT_LOOKUP: "
        + ", ".join(converted)
    )
