from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    verbose_name = _("统计")

    def ready(self):
        from gonghui.core import navigation, permissions
        from gonghui.core.demo import register_step
        from gonghui.members import signals as members_signals

        from . import conf, demo, figures, filings, rules  # noqa: F401  (settings; the SMS template)

        permissions.register(rules.PERMISSIONS)
        register_step(demo.refresh_figures)
        members_signals.tallies_changed.connect(figures.tallies_changed, dispatch_uid="reports")
        navigation.register(
            navigation.NavItem(
                gettext_noop("统计"),
                "reports:dashboard",
                "reports.view_dashboard",
                "bar-chart",
                order=90,
            ),
            navigation.NavItem(
                gettext_noop("统计年报"), "reports:annual", "reports.view_return", "table", order=91
            ),
            navigation.NavItem(
                gettext_noop("工会工作报告"),
                "reports:district",
                "reports.view_return",
                "graph-up",
                order=93,
            ),
            navigation.NavItem(
                gettext_noop("填报任务"),
                "reports:filings",
                "reports.fill_filing",
                "ui-checks",
                order=92,
            ),
        )
