from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    verbose_name = "核心"

    def ready(self):
        from . import navigation, permissions

        permissions.register(permissions.CORE_PERMISSIONS)
        navigation.register(
            navigation.NavItem("账号", "core:users", "core.manage_users", "person-gear",
                               order=97),
            navigation.NavItem("审计日志", "core:audit", "core.view_audit", "journal-text",
                               order=98),
            navigation.NavItem("短信发件箱", "core:outbox", "core.view_outbox", "chat-dots",
                               order=98),
            navigation.NavItem("规则设置", "core:settings", "core.view_settings", "sliders",
                               order=99),
        )
