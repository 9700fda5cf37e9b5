from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    verbose_name = gettext_lazy("职工维权")

    def ready(self):
        from gonghui.core.modules import register_module
        from gonghui.orgs import services as org_services

        from . import conf, demo, home, rules  # noqa: F401  (settings, demo step, home figures)
        from .services import orgs_hooks

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("职工诉求"), "rights:queue", "rights.view_request", "chat-left-text"),
                (gettext_noop("我的诉求"), "rights:mine", "rights.file_request", "megaphone"),
            ],
            reveals=[("rights.workerrequest", "contact_phone", "rights.reveal_contact")],
        )
        if orgs_hooks.open_records_held not in org_services.HOLDINGS:
            org_services.register_holding(orgs_hooks.open_records_held)
            org_services.register_merge_mover(orgs_hooks.move_open_records)
