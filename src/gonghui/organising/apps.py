from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class OrganisingConfig(AppConfig):
    name = "gonghui.organising"
    verbose_name = gettext_lazy("建会与换届")

    def ready(self):
        from gonghui.core.imports import registry
        from gonghui.core.modules import register_module
        from gonghui.orgs import selectors as org_selectors

        from . import conf, demo, home, importers, rules, selectors  # noqa: F401  (conf: settings)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("建会工作"), "organising:employers", "organising.view_prospect",
                 "building-add", 15),
                (gettext_noop("换届审批"), "organising:term_changes",
                 "organising.view_term_change", "arrow-repeat", 16),
                (gettext_noop("我的建会工作"), "organising:my_work", "organising.view_prospect",
                 "person-workspace"),
            ],
            figures=[home.figures],
            tasks=[home.tasks],
            demo_steps=[demo.load],
        )  # fmt: skip
        registry.register(importers.RegistryImporter)
        org_selectors.register_term_step(selectors.term_steps)
