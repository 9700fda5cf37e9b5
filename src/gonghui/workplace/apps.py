from django.apps import AppConfig


class WorkplaceConfig(AppConfig):
    name = "gonghui.workplace"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
