from django.apps import AppConfig
from django.utils.translation import gettext_lazy, gettext_noop


class MembersConfig(AppConfig):
    name = "gonghui.members"
    verbose_name = gettext_lazy("会员")

    def ready(self):
        from django.db.models.signals import post_save

        from gonghui.core import home, navigation, permissions, sensitive
        from gonghui.core.demo import register_step
        from gonghui.orgs import services as org_services

        from . import demo, importers, rules, search, services  # noqa: F401  (registers importer, settings)
        from .home import member_figures, member_tasks
        from .models import Member, MemberTally

        permissions.register(rules.PERMISSIONS)
        org_services.register_path_copy(Member, "org_path")
        org_services.register_path_copy(MemberTally, "org_path")
        org_services.register_holding(services.holding_count)
        org_services.register_merge_mover(services.move_on_merge)
        sensitive.register_reveal("members.member", "id_number", "members.reveal_id_number")
        sensitive.register_reveal("members.member", "phone", "members.reveal_phone")
        sensitive.register_reveal(
            "members.joinapplication", "id_number", "members.reveal_id_number"
        )
        sensitive.register_reveal("members.joinapplication", "phone", "members.reveal_phone")
        navigation.register(
            navigation.NavItem(gettext_noop("会员"), "members:list", "members.view_member", "person-vcard"),
            navigation.NavItem(gettext_noop("我的会籍"), "members:me", "members.view_own", "person-badge"),
        )
        home.register_figures(member_figures)
        home.register_tasks(member_tasks)
        register_step(demo.load_members)
        post_save.connect(search.member_saved, sender=Member, dispatch_uid="members.search")
