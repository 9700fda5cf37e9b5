from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class OrganisingConfig(AppConfig):
    name = "gonghui.organising"
    verbose_name = gettext_lazy("建会与换届")

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import home as core_home
        from gonghui.core import navigation, permissions
        from gonghui.core.imports import registry
        from gonghui.orgs import selectors as org_selectors

        from . import conf, demo, home, importers, rules, selectors  # noqa: F401  (conf: settings)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("建会工作"), "organising:employers", "organising.view_prospect",
                "building-add", order=15,
            ),
            navigation.NavItem(
                gettext_noop("换届审批"), "organising:term_changes",
                "organising.view_term_change", "arrow-repeat", order=16,
            ),
            navigation.NavItem(
                gettext_noop("我的建会工作"), "organising:my_work", "organising.view_prospect",
                "person-workspace",
            ),
        )  # fmt: skip
        registry.register(importers.RegistryImporter)
        core_home.register_figures(home.figures)
        core_home.register_tasks(home.tasks)
        core_demo.register_step(demo.load)
        org_selectors.register_term_step(selectors.term_steps)
