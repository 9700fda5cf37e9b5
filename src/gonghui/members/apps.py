from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
