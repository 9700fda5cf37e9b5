"""The module navigation: each entry names the permission that shows it; entries are grouped by
module family into drop-downs so the bar stays one line on a desktop and one menu on a phone."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.translation import get_language, gettext, gettext_noop

from . import permissions


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    icon: str = ""
    order: int = 50


NAV: list[NavItem] = []

# Module families, in menu order: (label, icon, url namespaces).
GROUPS = [
    (
        gettext_noop("组织与会员"),
        "diagram-3",
        {"orgs", "members", "reports", "portal", "organising"},
    ),
    (gettext_noop("困难帮扶"), "heart", {"assistance"}),
    (gettext_noop("民主管理"), "people", {"assemblies", "workplace"}),
    (gettext_noop("建功立业"), "trophy", {"innovation", "contests", "honours"}),
    (gettext_noop("职工维权"), "chat-left-text", {"rights"}),
    (gettext_noop("工会生活"), "calendar-event", {"life"}),
    (gettext_noop("工会经费"), "cash-coin", {"funds"}),
    (gettext_noop("系统管理"), "gear", {"core", "imports"}),
]
PERSONAL = (gettext_noop("我的"), "person-circle")
_PERSONAL_VIEWS = {"me", "mine", "my_home", "my_sessions"}


def register(*items):
    for item in items:
        if item not in NAV:
            NAV.append(item)


def _group_of(item):
    namespace, _sep, view = item.url_name.partition(":")
    if view in _PERSONAL_VIEWS or view.startswith("my_"):
        return PERSONAL
    for label, icon, namespaces in GROUPS:
        if namespace in namespaces:
            return label, icon
    return gettext("其他"), "grid"


# navigation_for's answers by role, language, URLconf and the entries and permissions
# registered: the menu depends on nothing else (permissions are per role), and every page draws it.
_BY_ROLE: dict = {}


def _cache_key(scope):
    return (
        scope.role,
        get_language(),
        get_urlconf() or settings.ROOT_URLCONF,
        len(NAV),
        len(permissions._REGISTRY),
    )


def navigation_for(scope):
    """Groups of entries the scope's role may open: ``[{"label", "icon", "items": [...]}]``.
    Worked out once per role and language; treat the answer as read-only."""
    key = _cache_key(scope)
    groups = _BY_ROLE.get(key)
    if groups is None:
        groups = _BY_ROLE[key] = _navigation(scope)
    return groups


_HTML_BY_ROLE: dict = {}


def navigation_html(scope, path):
    """The menu as HTML for a page at ``path``: a one-entry group is marked active when its
    URL and ``path`` share their first six characters. Rendered once per role, language and
    set of active entries (a few per role), so the page does not loop over the menu."""
    groups = navigation_for(scope)
    active = frozenset(
        item["url"]
        for group in groups
        if len(group["items"]) == 1
        for item in group["items"]
        if item["url"] != "/" and item["url"][:6] == path[:6]
    )
    key = (*_cache_key(scope), active)
    html = _HTML_BY_ROLE.get(key)
    if html is None:
        html = _HTML_BY_ROLE[key] = render_to_string(
            "core/_nav_items.html", {"nav_items": groups, "active": active}
        )
    return html


def _navigation(scope):
    order = [(label, icon) for label, icon, _ns in GROUPS] + [PERSONAL, (gettext("其他"), "grid")]
    grouped = {key: [] for key in order}
    for item in sorted(NAV, key=lambda i: i.order):
        if not scope.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        grouped[_group_of(item)].append(
            {"label": gettext(item.label), "url": url, "icon": item.icon}
        )
    return [
        {"label": gettext(label), "icon": icon, "items": grouped[(label, icon)]}
        for label, icon in order
        if grouped[(label, icon)]
    ]
