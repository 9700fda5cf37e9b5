from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class LifeConfig(AppConfig):
    name = "gonghui.life"
    verbose_name = gettext_lazy("工会生活")

    def ready(self):
        from gonghui.core.modules import register_module

        from . import conf, demo, home, rules  # noqa: F401  (conf defines the settings)
        from .services import activities, notices  # noqa: F401  (SMS templates)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("通知公告"), "life:notices", "life.view_notice", "megaphone"),
                (
                    gettext_noop("工会活动"),
                    "life:activities",
                    "life.view_activity",
                    "calendar-event",
                ),
                (gettext_noop("问卷调查"), "life:surveys", "life.view_survey", "clipboard-data"),
                (gettext_noop("学习培训"), "life:courses", "life.view_learning", "mortarboard"),
                (gettext_noop("通知与活动"), "life:my_home", "life.take_part", "megaphone"),
            ],
            figures=[home.figures],
            tasks=[home.tasks],
            demo_steps=[demo.load],
        )
