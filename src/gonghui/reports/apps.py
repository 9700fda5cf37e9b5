from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gonghui.reports"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
