from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    verbose_name = gettext_lazy("组织")

    def ready(self):
        from gonghui.core.modules import register_module

        from . import demo, home, importers, rules  # noqa: F401  (registers importers and figures)

        register_module(
            rules.PERMISSIONS,
            nav=[(gettext_noop("组织"), "orgs:tree", "orgs.view_org", "diagram-3", 10)],
            demo_steps=[demo.load_employers, demo.load_terms],
        )
