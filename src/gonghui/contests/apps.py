from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "gonghui.contests"
    verbose_name = "劳动竞赛与技能比武"

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import navigation, permissions

        from . import demo, home, rules, selectors  # noqa: F401  (settings, figures)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem("劳动竞赛", "contests:list", "contests.view_campaign", "trophy"),
        )
        core_demo.register_step(demo.load)
