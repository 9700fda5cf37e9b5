from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "gonghui.innovation"
    verbose_name = "合理化建议与技术创新"

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import navigation, permissions

        from . import demo, home, rules, selectors, services  # noqa: F401  (settings, figures)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                "合理化建议", "innovation:list", "innovation.view_proposal", "lightbulb"
            ),
            navigation.NavItem(
                "我的建议", "innovation:mine", "innovation.member_menu", "lightbulb"
            ),
        )
        core_demo.register_step(demo.load)
