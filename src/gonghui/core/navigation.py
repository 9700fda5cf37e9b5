"""The module navigation: each entry names the permission that shows it."""

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


def register(*items):
    for item in items:
        if item not in NAV:
            NAV.append(item)


def navigation_for(scope):
    entries = []
    for item in sorted(NAV, key=lambda i: i.order):
        if not scope.has_perm(item.permission):
            continue
        try:
            entries.append({"label": item.label, "url": reverse(item.url_name), "icon": item.icon})
        except NoReverseMatch:
            continue
    return entries
