from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    verbose_name = gettext_lazy("会员服务")

    def ready(self):
        from gonghui.core.home import register_role_home
        from gonghui.core.modules import register_module
        from gonghui.core.roles import Role

        from . import demo, home, rules, services  # noqa: F401  (settings, SMS templates)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("会员服务"), "portal:me", "portal.member_menu", "phone"),
                (gettext_noop("会员激活"), "portal:activation", "portal.view_activation", "phone"),
                (gettext_noop("工会干部名册"), "portal:officials", "portal.view_officials",
                 "person-vcard"),
                (gettext_noop("信息更正请求"), "portal:corrections", "portal.view_corrections",
                 "pencil-square"),
            ],
            tasks=[home.tasks],
            demo_steps=[demo.load],
        )  # fmt: skip
        # A member's home is their phone page: the brand and "首页" on every page lead back there.
        register_role_home(Role.MEMBER, "portal:me")
