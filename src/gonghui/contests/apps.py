from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class ContestsConfig(AppConfig):
    name = "gonghui.contests"
    verbose_name = gettext_lazy("劳动竞赛与技能比武")

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import navigation, permissions

        from . import demo, home, importers, rules, selectors  # noqa: F401  (settings, importer)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("劳动竞赛"), "contests:list", "contests.view_campaign", "trophy"
            ),
            navigation.NavItem(
                gettext_noop("我的班组竞赛"), "contests:my_teams", "contests.member_menu", "people"
            ),
        )
        core_demo.register_step(demo.load)
