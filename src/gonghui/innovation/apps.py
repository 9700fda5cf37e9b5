from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class InnovationConfig(AppConfig):
    name = "gonghui.innovation"
    verbose_name = gettext_lazy("合理化建议与技术创新")

    def ready(self):
        from gonghui.core.modules import register_module

        from . import demo, home, rules, selectors, services  # noqa: F401  (settings, figures)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (
                    gettext_noop("合理化建议"),
                    "innovation:list",
                    "innovation.view_proposal",
                    "lightbulb",
                ),
                (
                    gettext_noop("我的建议"),
                    "innovation:mine",
                    "innovation.member_menu",
                    "lightbulb",
                ),
            ],
            demo_steps=[demo.load],
        )
