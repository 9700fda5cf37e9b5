"""Measures of democratic management: workers' congress sessions, employers disclosing their
affairs, collective contracts and the workers they cover."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import Employer

from ._common import _date, _org_name, everything, measure
from .unions import EMPLOYER_COLUMNS

# --- democratic management -----------------------------------------------------------------------


def congress_source(span):
    from gonghui.assemblies.models import Session

    return (
        Session.objects.filter(
            subtree_q(span.path, "org__path"), closed_on__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("closed_on", "id")
    )


measure(
    "congress_sessions",
    _("召开职代会（次）"),
    _("次"),
    source=congress_source,
    columns=[
        (_("会议"), lambda s: s.title),
        (_("工会"), _org_name),
        (_("闭会日期"), _date("closed_on")),
    ],
    definition=_("闭会日期在本年内的职工（代表）大会会议"),
)(everything)


def disclosing_source(span):
    from gonghui.workplace.models import Disclosure, DisclosureStatus

    posted = Disclosure.objects.filter(
        employer=OuterRef("pk"),
        status=DisclosureStatus.POSTED,
        posted_on__range=(span.start, span.end),
    )
    return (
        Employer.objects.filter(subtree_q(span.path, "org__path"))
        .filter(Exists(posted))
        .order_by("name")
    )


measure(
    "disclosing_employers",
    _("实行厂务公开的单位"),
    _("家"),
    source=disclosing_source,
    columns=EMPLOYER_COLUMNS,
    definition=_("本年内有已公开事项的单位"),
)(everything)


def contracts_source(span):
    from gonghui.workplace import selectors

    return selectors.contracts_in_effect(span.path, span.end).select_related("org")


def _contract_kind(span, kind=None):
    return Q(kind=kind) if kind else Q()


CONTRACT_COLUMNS = [
    (_("合同"), lambda c: c.title),
    (_("工会"), _org_name),
    (_("期限"), lambda c: f"{c.start_date.isoformat()} – {c.end_date.isoformat()}"),
    (_("覆盖职工人数"), lambda c: c.workers_covered),
]
measure(
    "contracts",
    _("有效集体合同"),
    _("份"),
    source=contracts_source,
    params=("kind",),
    columns=CONTRACT_COLUMNS,
    definition=_("年末在期限内且已生效的集体合同"),
)(_contract_kind)
measure(
    "contract_workers",
    _("集体合同覆盖职工"),
    _("人"),
    source=contracts_source,
    sum_field="workers_covered",
    params=("kind",),
    columns=CONTRACT_COLUMNS,
    definition=_("年末有效集体合同登记的覆盖职工人数之和"),
)(_contract_kind)
