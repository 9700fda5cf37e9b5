from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class MembersConfig(AppConfig):
    name = "gonghui.members"
    verbose_name = gettext_lazy("会员")

    def ready(self):
        from django.db.models.signals import post_save

        from gonghui.core.modules import register_module
        from gonghui.orgs import services as org_services

        from . import demo, importers, rules, search, services  # noqa: F401  (registers importer, settings)
        from .home import member_figures, member_tasks
        from .models import Member, MemberTally

        register_module(
            rules.PERMISSIONS,
            nav=[
                (gettext_noop("会员"), "members:list", "members.view_member", "person-vcard"),
                (gettext_noop("我的会籍"), "members:me", "members.view_own", "person-badge"),
            ],
            figures=[member_figures],
            tasks=[member_tasks],
            demo_steps=[demo.load_members],
            reveals=[
                ("members.member", "id_number", "members.reveal_id_number"),
                ("members.member", "phone", "members.reveal_phone"),
                ("members.joinapplication", "id_number", "members.reveal_id_number"),
                ("members.joinapplication", "phone", "members.reveal_phone"),
            ],
        )
        org_services.register_path_copy(Member, "org_path")
        org_services.register_path_copy(MemberTally, "org_path")
        org_services.register_holding(services.holding_count)
        org_services.register_merge_mover(services.move_on_merge)
        post_save.connect(search.member_saved, sender=Member, dispatch_uid="members.search")
