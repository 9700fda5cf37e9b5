"""Measures of unions and employers: grassroots unions (by ownership and size), unions founded and
dissolved, employers and their workers."""

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Org, OrgStatus

from ._common import _date, measure

# Employer size bands (职工人数) of the return: key -> (label, lowest, highest exclusive)
SIZE_BANDS = {
    "lt25": (_("25 人以下"), 0, 25),
    "25_99": (_("25–99 人"), 25, 100),
    "100_999": (_("100–999 人"), 100, 1000),
    "1000p": (_("1000 人及以上"), 1000, None),
}


# --- unions --------------------------------------------------------------------------------------


def _main_employer(fieldname):
    # The union's largest employer decides its ownership row (a union counted once). The
    # union is in the subtree read (scoped) already: its own employers need no second scope join.
    return Subquery(
        Employer.unscoped.filter(org=OuterRef("pk"), is_active=True)
        .order_by("-headcount", "pk")
        .values(fieldname)[:1]
    )


def unions_source(span):
    """The grassroots unions of the subtree, each with its main employer's ownership and its
    workers (the sum of its employers' headcounts).

    The workers come from one grouped join (``GROUP BY`` the union), which also keeps the
    main employer's lookup to one index probe per union: the cells' filtered counts read the
    grouped rows. (Without the grouping PostgreSQL flattens the row source into the counting
    query and repeats a correlated subquery in every cell that names it: 17 probes per union.)
    """
    return (
        Org.objects.in_subtree(span.path)
        .filter(kind__in=GRASSROOTS_KINDS)
        .annotate(
            union_workers=Coalesce(
                Sum("employers__headcount", filter=Q(employers__is_active=True)), 0
            ),
            main_ownership=_main_employer("ownership"),
        )
        .order_by("path")
    )


def _existing(span):
    return (Q(established_on__isnull=True) | Q(established_on__lte=span.end)) & (
        Q(status=OrgStatus.ACTIVE) | Q(closed_on__gt=span.end)
    )


UNION_COLUMNS = [(_("工会"), lambda o: o.name), (_("成立日期"), _date("established_on"))]


@measure(
    "grassroots_unions",
    _("基层工会"),
    _("个"),
    source=unions_source,
    params=("ownership", "size"),
    columns=UNION_COLUMNS,
    definition=_("年末存续的基层工会和联合基层工会；经济类型和规模按其职工人数最多的单位"),
)
def grassroots_unions(span, ownership=None, size=None):
    q = _existing(span)
    if ownership == "none":
        q &= Q(main_ownership__isnull=True)
    elif ownership:
        q &= Q(main_ownership=ownership)
    if size:
        _label, low, high = SIZE_BANDS[size]
        q &= Q(union_workers__gte=low)
        if high is not None:
            q &= Q(union_workers__lt=high)
    return q


@measure(
    "unions_founded",
    _("本年新建工会"),
    _("个"),
    source=unions_source,
    columns=UNION_COLUMNS,
    definition=_("成立日期在本年内的基层工会"),
)
def unions_founded(span):
    return Q(established_on__range=(span.start, span.end))


@measure(
    "unions_dissolved",
    _("本年撤销、合并工会"),
    _("个"),
    source=unions_source,
    columns=[(_("工会"), lambda o: o.name), (_("撤销/合并日期"), _date("closed_on"))],
    definition=_("撤销或合并日期在本年内的基层工会"),
)
def unions_dissolved(span):
    return Q(
        status__in=[OrgStatus.DISSOLVED, OrgStatus.MERGED],
        closed_on__range=(span.start, span.end),
    )


def employers_source(span):
    return (
        Employer.objects.filter(subtree_q(span.path, "org__path"), is_active=True)
        .select_related("org")
        .order_by("name")
    )


def _unionised(unionised):
    return Q(org__kind__in=[*GRASSROOTS_KINDS, "group"]) if unionised == "1" else Q()


EMPLOYER_COLUMNS = [(_("单位"), lambda e: e.name), (_("职工人数"), lambda e: e.headcount)]


@measure(
    "employers",
    _("单位"),
    _("家"),
    source=employers_source,
    params=("unionised",),
    columns=EMPLOYER_COLUMNS,
    definition=_("存续单位（按登记记录）"),
)
def employers(span, unionised=None):
    return _unionised(unionised)


@measure(
    "workers",
    _("职工人数"),
    _("人"),
    source=employers_source,
    sum_field="headcount",
    params=("unionised",),
    columns=EMPLOYER_COLUMNS,
    definition=_("存续单位登记的职工人数之和"),
)
def workers(span, unionised=None):
    return _unionised(unionised)
