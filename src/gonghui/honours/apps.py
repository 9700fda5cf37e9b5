from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    verbose_name = gettext_lazy("评先评优")

    def ready(self):
        from gonghui.core.modules import register_module
        from gonghui.orgs import services as org_services

        from . import demo, home, quotas, rules, services  # noqa: F401  (settings, figures)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("评先评优"), "honours:rounds", "honours.view_round", "award"),
                (gettext_noop("我的荣誉"), "honours:mine", "honours.view_own_honours", "award"),
                (
                    gettext_noop("荣誉推荐审核"),
                    "honours:review_queue",
                    "honours.review_nomination",
                    "check2-square",
                ),
            ],
            demo_steps=[demo.load],
        )
        if services.open_records_held not in org_services.HOLDINGS:
            org_services.register_holding(services.open_records_held)
        if services.move_open_records not in org_services.MERGE_MOVERS:
            org_services.register_merge_mover(services.move_open_records)
