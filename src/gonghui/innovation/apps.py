from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "gonghui.innovation"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
