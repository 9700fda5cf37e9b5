from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    verbose_name = _("统计")

    def ready(self):
        from gonghui.core.modules import register_module
        from gonghui.members import signals as members_signals

        from . import conf, demo, figures, filings, rules  # noqa: F401  (settings; the SMS template)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("统计"), "reports:dashboard", "reports.view_dashboard", "bar-chart",
                 90),
                (gettext_noop("统计年报"), "reports:annual", "reports.view_return", "table", 91),
                (gettext_noop("工会工作报告"), "reports:district", "reports.view_return",
                 "graph-up", 93),
                (gettext_noop("填报任务"), "reports:filings", "reports.fill_filing", "ui-checks",
                 92),
            ],
            demo_steps=[demo.refresh_figures],
        )  # fmt: skip
        members_signals.tallies_changed.connect(figures.tallies_changed, dispatch_uid="reports")
