"""Measures of labour and skills contests (劳动和技能竞赛)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q

from ._common import _date, _org_name, everything, measure


def competitions_source(span):
    from gonghui.contests.models import Campaign

    return (
        Campaign.objects.filter(
            subtree_q(span.path, "org__path"), start_date__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("start_date", "id")
    )


measure(
    "competitions",
    _("劳动和技能竞赛"),
    _("项"),
    source=competitions_source,
    columns=[
        (_("竞赛主题"), lambda c: c.theme),
        (_("工会"), _org_name),
        (_("开始日期"), _date("start_date")),
    ],
    definition=_("本年内开始的劳动竞赛"),
)(everything)
