from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class FundsConfig(AppConfig):
    name = "gonghui.funds"
    verbose_name = gettext_lazy("工会经费")

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import navigation, permissions

        from . import conf, demo, importers, rules  # noqa: F401  (settings; the statement importer)
        from .services import remittances  # noqa: F401  (the SMS template)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("经费总览"), "funds:overview", "funds.view_funds", "cash-coin"
            ),
            navigation.NavItem(
                gettext_noop("经费到账"), "funds:statements", "funds.view_funds", "bank"
            ),
            navigation.NavItem(
                gettext_noop("欠缴单位"),
                "funds:arrears",
                "funds.view_funds",
                "exclamation-triangle",
            ),
            navigation.NavItem(gettext_noop("会费"), "funds:dues", "funds.view_funds", "wallet2"),
            navigation.NavItem(
                gettext_noop("工会账簿"), "funds:books_home", "funds.view_funds", "journal-text"
            ),
            navigation.NavItem(
                gettext_noop("我的会费"), "funds:my_dues", "funds.view_own_dues", "wallet2"
            ),
        )
        core_demo.register_step(demo.load)
