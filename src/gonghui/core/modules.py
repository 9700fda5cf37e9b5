"""What an app hands to core when Django is ready, declared in one call from its
``AppConfig.ready()``: permissions, menu entries, home figures and tasks, demo steps and the
fields whose clear value may be revealed. What belongs to a layer above core (org holdings and
merge movers, signal receivers, importers) stays in the app's own ``ready()``."""

from . import demo, home, navigation, permissions, sensitive


def register_module(rules, *, nav=(), figures=(), tasks=(), demo_steps=(), reveals=()):
    """Register one app with core.

    - ``rules``: the app's ``PERMISSIONS`` mapping;
    - ``nav``: menu entries ``(label, url name, permission, icon[, order])`` (``NavItem`` order);
    - ``figures`` / ``tasks``: home-page providers;
    - ``demo_steps``: demo loaders, run in this order after the ones registered before;
    - ``reveals``: ``(model label, field, permission)`` of the masked fields that may be shown.

    Every registry ignores what it already holds, so a second ``ready()`` changes nothing."""
    permissions.register(rules)
    navigation.register(*(navigation.NavItem(*item) for item in nav))
    for provider in figures:
        home.register_figures(provider)
    for provider in tasks:
        home.register_tasks(provider)
    for step in demo_steps:
        demo.register_step(step)
    for model_label, field, permission in reveals:
        sensitive.register_reveal(model_label, field, permission)
