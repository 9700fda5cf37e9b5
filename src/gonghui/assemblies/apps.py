from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class AssembliesConfig(AppConfig):
    name = "gonghui.assemblies"
    verbose_name = gettext_lazy("代表大会")

    def ready(self):
        from gonghui.core import demo, home, navigation, permissions

        from . import conf, importers, rules  # noqa: F401  (settings, importers)
        from .demo import load_demo
        from .home import delegate_figures, figures, tasks

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("代表大会"),
                "assemblies:congresses",
                "assemblies.view_congress",
                "people",
            ),
        )
        home.register_figures(figures)
        home.register_figures(delegate_figures)
        home.register_tasks(tasks)
        demo.register_step(load_demo)
