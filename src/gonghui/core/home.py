"""The home page's figures: each app registers providers that count what the scope holds."""

_FIGURES = []
_TASKS = []


def register_figures(provider):
    """``provider(scope) -> list of {"label", "value", "url"}``: headline counts."""
    if provider not in _FIGURES:
        _FIGURES.append(provider)


def register_tasks(provider):
    """``provider(scope) -> list of {"label", "count", "url"}``: work waiting for this role."""
    if provider not in _TASKS:
        _TASKS.append(provider)


def figures(scope):
    cards = [card for provider in _FIGURES for card in provider(scope)]
    tasks = [task for provider in _TASKS for task in provider(scope) if task["count"]]
    return {"cards": cards, "tasks": tasks}
