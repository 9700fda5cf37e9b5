from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "gonghui.honours"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
