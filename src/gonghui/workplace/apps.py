from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class WorkplaceConfig(AppConfig):
    name = "gonghui.workplace"
    verbose_name = gettext_lazy("厂务公开与集体合同")

    def ready(self):
        from gonghui.core.modules import register_module

        from . import demo, home, policy, rules  # noqa: F401  (registers figures, tasks, settings)

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("厂务公开与集体合同"), "workplace:index", "workplace.view_contract",
                 "file-earmark-text"),
                (gettext_noop("本单位公开"), "workplace:my_home", "workplace.view_own", "megaphone"),
            ],
            demo_steps=[demo.load],
        )  # fmt: skip
