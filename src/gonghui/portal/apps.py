from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    verbose_name = gettext_lazy("会员服务")

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import home as core_home
        from gonghui.core import navigation, permissions

        from . import demo, home, rules, services  # noqa: F401  (settings, SMS templates)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("会员服务"), "portal:me", "portal.member_menu", "phone"
            ),
            navigation.NavItem(
                gettext_noop("会员激活"), "portal:activation", "portal.view_activation", "phone"
            ),
            navigation.NavItem(
                gettext_noop("工会干部名册"),
                "portal:officials",
                "portal.view_officials",
                "person-vcard",
            ),
            navigation.NavItem(
                gettext_noop("信息更正请求"),
                "portal:corrections",
                "portal.view_corrections",
                "pencil-square",
            ),
        )
        core_home.register_tasks(home.tasks)
        core_demo.register_step(demo.load)
