"""Measures of rights work: grievances, mediation cases and rated workers' homes."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q

from ._common import _date, _org_name, everything, measure


def grievances_source(span):
    from gonghui.rights.models import WorkerRequest

    return (
        WorkerRequest.objects.filter(
            subtree_q(span.path, "org__path"),
            received_at__date__range=(span.start, span.end),
        )
        .select_related("org")
        .order_by("received_at", "id")
    )


@measure(
    "grievances",
    _("职工诉求"),
    _("件"),
    source=grievances_source,
    params=("closed", "category", "on_time"),
    columns=[
        (_("标题"), lambda r: r.title),
        (_("承办工会"), _org_name),
        (_("受理时间"), _date("received_at")),
        (_("状态"), lambda r: r.get_status_display()),
    ],
    definition=_("本年受理的职工诉求；已办结指目前状态为已办结，按期办结指在办理期限内办结"),
)
def grievances(span, closed=None, category=None, on_time=None):
    from gonghui.rights.enums import Status

    q = Q()
    if closed == "1" or on_time == "1":
        q &= Q(status=Status.CLOSED)
    if on_time == "1":
        q &= Q(closed_at__date__lte=F("due_date"))
    if category:
        q &= Q(category=category)
    return q


def mediation_source(span):
    from gonghui.rights.enums import CaseKind
    from gonghui.rights.models import Case

    return (
        Case.objects.filter(
            subtree_q(span.path, "org__path"),
            kind=CaseKind.MEDIATION,
            opened_on__range=(span.start, span.end),
        )
        .select_related("org")
        .order_by("opened_on", "id")
    )


@measure(
    "mediation_cases",
    _("劳动争议调解案件"),
    _("件"),
    source=mediation_source,
    params=("agreed",),
    columns=[
        (_("案由"), lambda c: c.title),
        (_("承办工会"), _org_name),
        (_("立案日期"), _date("opened_on")),
    ],
    definition=_("本年立案的劳动争议调解案件；调解成功指结果为调解成功"),
)
def mediation_cases(span, agreed=None):
    from gonghui.rights.enums import CaseOutcome

    return Q(outcome=CaseOutcome.AGREEMENT) if agreed == "1" else Q()


def homes_source(span):
    from gonghui.rights.enums import HomeRatingStatus
    from gonghui.rights.models import HomeRating

    return (
        HomeRating.objects.filter(
            subtree_q(span.path, "org__path"),
            year=span.year,
            status=HomeRatingStatus.REVIEWED,
        )
        .select_related("org")
        .order_by("org__path")
    )


measure(
    "workers_homes",
    _("职工之家评定"),
    _("个"),
    source=homes_source,
    columns=[(_("工会"), _org_name), (_("评定等级"), lambda r: r.level or "—")],
    definition=_("本年度已评定的职工之家"),
)(everything)
