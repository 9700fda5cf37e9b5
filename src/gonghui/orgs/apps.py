from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    verbose_name = gettext_lazy("组织")

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import navigation, permissions

        from . import demo, home, importers, rules  # noqa: F401  (registers importers and figures)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(gettext_noop("组织"), "orgs:tree", "orgs.view_org", "diagram-3", order=10),
        )
        core_demo.register_step(demo.load_employers)
        core_demo.register_step(demo.load_terms)
