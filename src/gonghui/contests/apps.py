from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class ContestsConfig(AppConfig):
    name = "gonghui.contests"
    verbose_name = gettext_lazy("劳动竞赛与技能比武")

    def ready(self):
        from gonghui.core.modules import register_module

        from . import demo, home, importers, rules, selectors  # noqa: F401  (settings, importer)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("劳动竞赛"), "contests:list", "contests.view_campaign", "trophy"),
                (
                    gettext_noop("我的班组竞赛"),
                    "contests:my_teams",
                    "contests.member_menu",
                    "people",
                ),
            ],
            demo_steps=[demo.load],
        )
