"""The module navigation: each entry names the permission that shows it; entries are grouped by
module family into drop-downs so the bar stays one line on a desktop and one menu on a phone."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


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
    ("组织与会员", "diagram-3", {"orgs", "members", "reports"}),
    ("困难帮扶", "heart", {"assistance"}),
    ("民主管理", "people", {"assemblies", "workplace"}),
    ("建功立业", "trophy", {"innovation", "contests", "honours"}),
    ("职工维权", "chat-left-text", {"rights"}),
    ("系统管理", "gear", {"core", "imports"}),
]
PERSONAL = ("我的", "person-circle")
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
    return "其他", "grid"


def navigation_for(scope):
    """Groups of entries the scope's role may open: ``[{"label", "icon", "items": [...]}]``."""
    order = [(label, icon) for label, icon, _ns in GROUPS] + [PERSONAL, ("其他", "grid")]
    grouped = {key: [] for key in order}
    for item in sorted(NAV, key=lambda i: i.order):
        if not scope.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        grouped[_group_of(item)].append({"label": item.label, "url": url, "icon": item.icon})
    return [{"label": label, "icon": icon, "items": grouped[(label, icon)]}
            for label, icon in order if grouped[(label, icon)]]
