"""Measures of hardship assistance: hardship files, aid paid and aid budgets."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q

from ._common import _date, _org_name, everything, measure

# --- assistance, rights, proposals, workers' homes -----------------------------------------------


def hardship_source(span):
    from gonghui.assistance import selectors

    return selectors.filed_files(span.path, span.end).select_related("org")


measure(
    "hardship_files",
    _("困难职工档案"),
    _("户"),
    source=hardship_source,
    columns=[(_("档案编号"), lambda f: f.number or "—"), (_("工会"), _org_name)],
    definition=_("年末已建档（未解困）的困难职工档案"),
)(everything)


def aid_source(span):
    from gonghui.assistance.models import Payment

    return (
        Payment.objects.filter(
            subtree_q(span.path, "org__path"), paid_on__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("paid_on", "id")
    )


measure(
    "aid_paid",
    _("帮扶资金发放"),
    _("元"),
    source=aid_source,
    sum_field="amount",
    money=True,
    columns=[
        (_("工会"), _org_name),
        (_("发放日期"), _date("paid_on")),
        (_("金额（元）"), lambda p: f"{p.amount:,.2f}"),
    ],
    definition=_("发放日期在本年内的帮扶资金（冲正记录相抵）"),
)(everything)


def budget_source(span):
    from gonghui.assistance.models import Budget

    return (
        Budget.objects.filter(subtree_q(span.path, "org__path"), cycle__year=span.year)
        .select_related("org", "cycle")
        .order_by("org__path", "id")
    )


measure(
    "aid_budget",
    _("帮扶资金预算"),
    _("元"),
    source=budget_source,
    sum_field="amount",
    money=True,
    columns=[
        (_("工会"), _org_name),
        (_("批次"), lambda b: b.cycle.name),
        (_("预算（元）"), lambda b: f"{b.amount:,.2f}"),
    ],
    definition=_("本年度帮扶批次的预算之和"),
)(everything)
