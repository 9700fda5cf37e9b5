from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class CoreConfig(AppConfig):
    name = "gonghui.core"
    verbose_name = gettext_lazy("核心")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import navigation, permissions

        connection_created.connect(_private_sqlite_file, dispatch_uid="gonghui-private-sqlite")

        permissions.register(permissions.CORE_PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("账号"), "core:users", "core.manage_users", "person-gear", order=97
            ),
            navigation.NavItem(
                gettext_noop("审计日志"), "core:audit", "core.view_audit", "journal-text", order=98
            ),
            navigation.NavItem(
                gettext_noop("短信发件箱"), "core:outbox", "core.view_outbox", "chat-dots", order=98
            ),
            navigation.NavItem(
                gettext_noop("规则设置"), "core:settings", "core.view_settings", "sliders", order=99
            ),
        )


def _private_sqlite_file(sender, connection, **kwargs):
    """The SQLite database and its journal files readable by the service's user only (0600):
    they hold every record and the hashed sessions (issue 12, finding 7)."""
    import os

    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (name, f"{name}-wal", f"{name}-shm", f"{name}-journal"):
        try:
            if os.path.exists(path) and (os.stat(path).st_mode & 0o077):
                os.chmod(path, 0o600)
        except OSError:  # not ours: leave it to the operator
            pass
