from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "gonghui.rights"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
