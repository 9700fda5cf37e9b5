from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class LifeConfig(AppConfig):
    name = "gonghui.life"
    verbose_name = gettext_lazy("工会生活")

    def ready(self):
        from gonghui.core import demo as core_demo
        from gonghui.core import home as core_home
        from gonghui.core import navigation, permissions

        from . import conf, demo, home, rules  # noqa: F401  (conf defines the settings)
        from .services import activities, notices  # noqa: F401  (SMS templates)

        permissions.register(rules.PERMISSIONS)
        navigation.register(
            navigation.NavItem(
                gettext_noop("通知公告"), "life:notices", "life.view_notice", "megaphone"
            ),
            navigation.NavItem(
                gettext_noop("工会活动"), "life:activities", "life.view_activity", "calendar-event"
            ),
            navigation.NavItem(
                gettext_noop("问卷调查"), "life:surveys", "life.view_survey", "clipboard-data"
            ),
            navigation.NavItem(
                gettext_noop("学习培训"), "life:courses", "life.view_learning", "mortarboard"
            ),
            navigation.NavItem(
                gettext_noop("通知与活动"), "life:my_home", "life.take_part", "megaphone"
            ),
        )
        core_home.register_figures(home.figures)
        core_home.register_tasks(home.tasks)
        core_demo.register_step(demo.load)
