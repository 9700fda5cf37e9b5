from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
