"""The module navigation: each entry names the permission that shows it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    icon: str = ""


NAV: list[NavItem] = []


def register(*items):
    for item in items:
        if item not in NAV:
            NAV.append(item)


def navigation_for(scope):
    entries = []
    for item in NAV:
        if not scope.has_perm(item.permission):
            continue
        try:
            entries.append({"label": item.label, "url": reverse(item.url_name), "icon": item.icon})
        except NoReverseMatch:
            continue
    return entries
