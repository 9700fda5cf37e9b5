"""The home page's figures and to-dos: each app registers providers in its ``apps.py`` ready().

A figure provider returns ``[{"key", "label", "value", "url", "as_of"?}]``: headline counts. A
card that names an ``as_of`` of None has never been computed and shows "not yet computed", never
a zero as if it were a fact.

A task provider returns ``[{"key"?, "label", "count", "url"}]``: work waiting for the role, from
every module. ``count`` must be the number of rows the page at ``url`` lists (tests/core/
test_home_tasks.py opens every to-do of every demo role and compares); tasks with nothing to do
are left out. A task whose module has no list of exactly these rows gives ``{"key", "label",
"items": <queryset>, "link": obj -> url}`` instead: it is counted from ``items`` and opens the
shared to-do list (``core:todo``), which pages the same queryset, each row linking to its object.
"""

from django.urls import reverse

_FIGURES = []
_TASKS = []
_ROLE_HOMES = {}


def register_role_home(role, url_name):
    """The page a role's "home" (the brand and the first breadcrumb) opens instead of this one:
    a member's is the portal on their phone, whose pages are the member's own."""
    _ROLE_HOMES[getattr(role, "value", role)] = url_name


def home_url(assignment):
    """Where the shell's home links lead for the active ``assignment`` (None: logged out)."""
    url_name = _ROLE_HOMES.get(getattr(assignment, "role", None))
    return reverse(url_name) if url_name else reverse("core:home")


def register_figures(provider):
    """``provider(scope) -> list of {"label", "value", "url"}``: headline counts."""
    if provider not in _FIGURES:
        _FIGURES.append(provider)


def register_tasks(provider):
    """``provider(scope) -> list of {"label", "count", "url"}``: work waiting for this role."""
    if provider not in _TASKS:
        _TASKS.append(provider)


def _card(card):
    if "as_of" in card and card["as_of"] is None:
        card = {**card, "not_computed": True}
    return card


def _all_tasks(scope):
    for provider in _TASKS:
        for task in provider(scope):
            if "items" in task:
                task = {**task, "count": task["items"].count(),
                        "url": reverse("core:todo", args=[task["key"]])}  # fmt: skip
            yield {"key": task.get("key") or task["url"], **task}


def tasks(scope):
    """Every open to-do of the scope's role, from every module, with its count."""
    return [task for task in _all_tasks(scope) if task["count"]]


def find_task(scope, key):
    """The listed to-do ``key`` of the scope's role (None if it has no such to-do)."""
    for task in _all_tasks(scope):
        if task["key"] == key and "items" in task:
            return task
    return None


def figures(scope):
    cards = [_card(card) for provider in _FIGURES for card in provider(scope)]
    return {"cards": cards, "tasks": tasks(scope)}
