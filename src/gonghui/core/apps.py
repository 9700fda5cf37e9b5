from django.apps import AppConfig
from django.utils.translation import gettext_noop


class CoreConfig(AppConfig):
    name = "gonghui.core"
    verbose_name = "核心"

    def ready(self):
        from . import navigation, permissions

        permissions.register(permissions.CORE_PERMISSIONS)
        navigation.register(
            navigation.NavItem(gettext_noop("账号"), "core:users", "core.manage_users", "person-gear",
                               order=97),
            navigation.NavItem(gettext_noop("审计日志"), "core:audit", "core.view_audit", "journal-text",
                               order=98),
            navigation.NavItem(gettext_noop("短信发件箱"), "core:outbox", "core.view_outbox", "chat-dots",
                               order=98),
            navigation.NavItem(gettext_noop("规则设置"), "core:settings", "core.view_settings", "sliders",
                               order=99),
        )
