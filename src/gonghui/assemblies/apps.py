from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class AssembliesConfig(AppConfig):
    name = "gonghui.assemblies"
    verbose_name = gettext_lazy("代表大会")

    def ready(self):
        from gonghui.core.modules import register_module

        from . import conf, importers, rules  # noqa: F401  (settings, importers)
        from .demo import load_demo
        from .home import delegate_figures, figures, tasks

        register_module(
            rules.PERMISSIONS,
            nav=[
                (
                    gettext_noop("代表大会"),
                    "assemblies:congresses",
                    "assemblies.view_congress",
                    "people",
                )
            ],
            figures=[figures, delegate_figures],
            tasks=[tasks],
            demo_steps=[load_demo],
        )
