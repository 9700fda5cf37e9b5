from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "gonghui.contests"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
