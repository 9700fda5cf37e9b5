from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    verbose_name = gettext_lazy("困难职工帮扶")

    def ready(self):
        from gonghui.core.modules import register_module
        from gonghui.orgs import services as org_services

        from . import demo, home, importers, orgs_hooks, policy, rules  # noqa: F401  (settings, importer)

        register_module(
            rules.PERMISSIONS,
            nav=[(gettext_noop("困难帮扶"), "assistance:files", "assistance.view_file", "heart")],
            reveals=[
                (model, field, "assistance.reveal_sensitive")
                for model, field in [
                    ("assistance.householdmember", "id_number"),
                    ("assistance.householdmember", "monthly_income"),
                    ("assistance.householdmember", "health_note"),
                    ("assistance.hardshipfile", "bank_account"),
                    ("assistance.hardshipfile", "situation"),
                    ("assistance.joblessworker", "id_number"),
                    ("assistance.joblessworker", "bank_account"),
                ]
            ],
        )
        org_services.register_holding(orgs_hooks.open_records_held)
        org_services.register_merge_mover(orgs_hooks.move_records)
