"""Excel import of delegates (代表名单) on the core import framework."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.imports.base import Column, Importer
from gonghui.core.imports.registry import register
from gonghui.members.models import Member

from . import services
from .models import Congress, DelegateStatus

YES, NO = "是", "否"  # i18n: data (the import file's wording)
YES_NO = (YES, NO)
CARD = "会员证号"  # i18n: data (a heading of the file)


def _yes_no(text):
    if text in ("是", "Y", "y", "1", "√", "✔"):  # i18n: data (the file's wording)
        return True, None
    if text in ("否", "N", "n", "0", ""):  # i18n: data
        return False, None
    return None, _("请填写“是”或“否”")


@register
class DelegateImporter(Importer):
    key = "delegates"
    label = gettext_lazy("导入代表名单")
    permission = "assemblies.manage_congress"
    description = gettext_lazy("按行登记代表：代表大会名称须与系统中的一致，会员按会员证号查找。")
    columns = [
        Column(
            "congress",
            "代表大会名称",
            required=True,
            aliases=("大会名称",),  # i18n: data
            example="东湖钢铁集团第三届职工代表大会",  # i18n: data
        ),
        Column("card_number", CARD, required=True, aliases=("会员编号",), example="DHGT-DEL-001"),
        Column(
            "constituency",
            "选区/代表团",
            aliases=("选区", "代表团"),  # i18n: data
            example="炼铁厂",  # i18n: data
        ),
        Column("is_manager", "中层以上管理人员", parser=_yes_no, choices=YES_NO, example=NO),
        Column("is_frontline", "一线职工", parser=_yes_no, choices=YES_NO, example=YES),
        Column("in_presidium", "主席团成员", parser=_yes_no, choices=YES_NO, example=NO),
        Column("is_observer", "列席", parser=_yes_no, choices=YES_NO, example=NO),
        Column(
            "election_record",
            "选区选举情况",
            example="应到 48 人，实到 46 人，得票 41",  # i18n: data
        ),
    ]

    def check_batch(self, rows):
        congresses = {}
        for c in Congress.objects.select_related("org"):
            congresses.setdefault(c.name, []).append(c)
        seen = {}
        added = {}
        for row in rows:
            if not row.ok:
                continue
            found = congresses.get(row.values["congress"], [])
            if len(found) != 1:
                row.error("代表大会名称", _("找不到该代表大会（或名称不唯一）"))  # i18n: data
                continue
            congress = found[0]
            member = (
                Member.objects.in_subtree(congress.org.path)
                .filter(card_number=row.values["card_number"])
                .first()
            )
            if member is None:
                row.error(CARD, _("找不到该会员（须为本工会及下级工会会员）"))
                continue
            key = (congress.pk, member.pk)
            if key in seen:
                row.error(CARD, _("与第 {first} 行重复").format(first=seen[key]))
                continue
            seen[key] = row.number
            row.values.update(congress_obj=congress, member=member)
            if congress.delegates.filter(member=member, status=DelegateStatus.ACTIVE).exists():
                row.action = "unchanged"
                continue
            row.action = "create"
            if not row.values.get("is_observer"):
                added[congress.pk] = added.get(congress.pk, 0) + 1
                voting = congress.delegates.filter(
                    status=DelegateStatus.ACTIVE, is_observer=False
                ).count()
                if voting + added[congress.pk] > congress.seats:
                    row.error(CARD, _("超出代表名额（{seats} 名）").format(seats=congress.seats))

    def commit(self, rows):
        added, unchanged = _("新增"), _("未变化")
        counts = {added: 0, unchanged: 0}
        for row in rows:
            if row.action != "create":
                counts[unchanged] += 1
                continue
            v = row.values
            congress = v["congress_obj"]
            constituency = services.constituency_named(
                actor=self.ctx.actor, congress=congress, name=v.get("constituency")
            )
            services.add_delegate(
                actor=self.ctx.actor,
                congress=congress,
                member=v["member"],
                constituency=constituency,
                is_manager=bool(v.get("is_manager")),
                is_frontline=bool(v.get("is_frontline")),
                in_presidium=bool(v.get("in_presidium")),
                is_observer=bool(v.get("is_observer")),
                election_record=v.get("election_record") or "",
            )
            counts[added] += 1
        return counts
