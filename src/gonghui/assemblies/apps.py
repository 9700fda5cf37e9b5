from django.apps import AppConfig


class AssembliesConfig(AppConfig):
    name = "gonghui.assemblies"

    def ready(self):
        from gonghui.core import permissions

        from . import rules

        permissions.register(rules.PERMISSIONS)
