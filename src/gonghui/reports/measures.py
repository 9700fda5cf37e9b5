"""The measures behind the annual statistics return (工会统计年报).

A return's layout (``layouts.py``) is data: each cell names a measure key here, with optional
parameters (``members?gender=F``), or a formula over other rows. A measure knows, for an org's
subtree and a year, the rows it counts (``rows``: the list a figure drills down to) and how
they add up (``total``: a count, or the sum of a field). Every measure reads live data through
the scoped managers, so the return is computed for whatever subtree the user may see.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.core.masking import mask_name
from gonghui.core.scoping import subtree_q
from gonghui.members.models import KEEPS_MEMBERSHIP, EventKind, Member, MembershipEvent
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Official, Org, OrgStatus

# Employer size bands (职工人数) of the return: key -> (label, lowest, highest exclusive)
SIZE_BANDS = {
    "lt25": (_("25 人以下"), 0, 25),
    "25_99": (_("25–99 人"), 25, 100),
    "100_999": (_("100–999 人"), 100, 1000),
    "1000p": (_("1000 人及以上"), 1000, None),
}
YOUNG_AGE = 35  # 青年: aged 35 or under at the year end


@dataclass(eq=False)
class Span:
    """The org whose subtree is counted and the year of the return. The year of today ends
    today (the running year's return is "as of today", the same as the home and dashboard
    figures); a past year ends on 31 December."""

    org: Org
    year: int
    today: datetime.date = field(default_factory=datetime.date.today)

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        return min(datetime.date(self.year, 12, 31), max(self.today, self.start))

    @property
    def path(self):
        return self.org.path

    @cached_property
    def members_left(self):
        """Members counted at ``end`` in this subtree but now in a union outside it (moved by a
        transfer after the year end): a short list, read once per span."""
        return list(_members_at_end_moved(self).values_list("pk", flat=True))


@dataclass
class Measure:
    """A figure: the rows of its ``source`` (a queryset over one table for the span) narrowed by
    ``where(span, **params)`` (a ``Q``); counted, or the sum of ``sum_field``. Every cell of a
    return whose measures share a source is computed in one query (conditional aggregation)."""

    key: str
    label: str
    unit: str
    where: Callable  # (span, **params) -> Q
    source: Callable  # span -> QuerySet
    sum_field: str = ""  # sum of this field instead of a count
    columns: list = field(default_factory=list)  # [(label, fn(obj) -> text)] of the drill list
    params: tuple = ()  # allowed parameter names
    definition: str = ""  # 口径, shown beside the figure
    money: bool = False  # a sum of yuan (Decimal), else a whole number

    def rows(self, span, **params):
        """The list behind the figure (what the figure counts or adds up)."""
        parts = _parts(self.source(span))
        condition = self.where(span, **params)
        if len(parts) == 1:
            return parts[0].filter(condition)
        first = parts[0]
        either = Q()
        for part in parts:
            either |= Q(pk__in=part.filter(condition).values("pk"))
        return (
            first.model.objects.filter(either).select_related("org").order_by(*first.query.order_by)
        )

    def expression(self, span, **params):
        condition = self.where(span, **params)
        if self.sum_field:
            return Sum(self.sum_field, filter=condition)
        return Count("pk", filter=condition)

    def value(self, raw):
        if self.money:
            return Decimal(raw or 0).quantize(Decimal("0.01"))
        return int(raw or 0)

    def total(self, span, **params):
        return totals(span, [(self, params)])[0]


def totals(span, cells):
    """The values of ``cells`` (``[(measure, params)]``) for ``span``: one query per source
    table, each cell a filtered count or sum in it (``COUNT(*) FILTER (WHERE …)``)."""
    by_source = defaultdict(list)
    for i, (measure, _params) in enumerate(cells):
        by_source[measure.source].append(i)
    values = [None] * len(cells)
    for source, indexes in by_source.items():
        expressions = {f"c{i}": cells[i][0].expression(span, **cells[i][1]) for i in indexes}
        results = [part.order_by().aggregate(**expressions) for part in _parts(source(span))]
        for i in indexes:
            raw = [r[f"c{i}"] for r in results if r[f"c{i}"] is not None]
            values[i] = cells[i][0].value(sum(raw) if raw else None)
    return values


def _parts(source):
    """A source is one queryset or a tuple of disjoint ones (their figures add up)."""
    return source if isinstance(source, tuple) else (source,)


MEASURES = {}


def measure(
    key, label, unit, *, source, sum_field="", columns=(), params=(), definition="", money=False
):
    def register(fn):
        MEASURES[key] = Measure(
            key,
            label,
            unit,
            fn,
            source,
            sum_field,
            list(columns),
            tuple(params),
            definition,
            money,
        )
        return fn

    return register


def everything(span, **_params):
    return Q()


def _org_name(obj):
    return obj.org.name


def _date(name):
    def get(obj):
        value = getattr(obj, name)
        if isinstance(value, datetime.datetime):
            value = value.date()
        return value.isoformat() if value else "—"

    return get


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


# --- members -------------------------------------------------------------------------------------
#
# Membership at the year end is reconstructed from the members' dated history
# (``MembershipEvent``): a member whose history holds no change after the year end is counted as
# the roster shows them now; for a member changed since, their status then is the ``from_status``
# of the first status change after the year end and their union then the ``from_org`` of the
# first transfer after it. The return for last year therefore gives last year's figures.


def _changed_after(span):
    """A member's status or union change dated after the year end (correlated on the member)."""
    return MembershipEvent.unscoped.filter(member=OuterRef("pk"), on_date__gt=span.end).filter(
        ~Q(from_status="") | Q(from_org__isnull=False)
    )


def _first_after(span, column, condition):
    return Subquery(
        MembershipEvent.unscoped.filter(member=OuterRef("pk"), on_date__gt=span.end)
        .filter(condition)
        .order_by("on_date", "pk")
        .values(column)[:1]
    )


def _reconstructed(members, span):
    """``members`` (changed after the year end) with ``status_then`` and ``path_then``."""
    return members.annotate(
        status_then=Coalesce(_first_after(span, "from_status", ~Q(from_status="")), F("status")),
        path_then=Coalesce(
            _first_after(span, "from_org__path", Q(from_org__isnull=False)), F("org_path")
        ),
    )


MOVES = (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT, EventKind.REJOIN)  # carry from_org


def _members_at_end_moved(span):
    """Members now outside the subtree who were in it at the year end (moved out since)."""
    moved = MembershipEvent.unscoped.filter(
        subtree_q(span.path, "from_org__path"), kind__in=MOVES, on_date__gt=span.end
    ).values("member_id")
    candidates = Member.objects.filter(pk__in=moved, join_date__lte=span.end).exclude(
        subtree_q(span.path, "org_path")
    )
    return _reconstructed(candidates, span).filter(subtree_q(span.path, "path_then"))


def members_at_end_source(span):
    """Members keeping membership (在会、退休保留、失业保留) in the subtree at the year end, as two
    disjoint parts: those unchanged since (the roster as it is: one pass over the subtree with
    an anti-join on later changes) and those changed since (their status and union then)."""
    here = subtree_q(span.path, "org_path")
    unchanged = Member.objects.filter(
        here, join_date__lte=span.end, status__in=KEEPS_MEMBERSHIP
    ).filter(~Exists(_changed_after(span)))
    if span.members_left:
        here |= Q(pk__in=span.members_left)
    changed = (
        _reconstructed(
            Member.objects.filter(here, join_date__lte=span.end).filter(
                Exists(_changed_after(span))
            ),
            span,
        )
        .filter(status_then__in=KEEPS_MEMBERSHIP)
        .filter(subtree_q(span.path, "path_then"))
    )
    order = ("org_path", "id")
    return (
        unchanged.select_related("org").order_by(*order),
        changed.select_related("org").order_by(*order),
    )


MEMBER_COLUMNS = [
    (_("姓名"), lambda m: mask_name(m.name)),
    (_("工会"), _org_name),
    (_("入会日期"), _date("join_date")),
]


@measure(
    "members",
    _("会员"),
    _("人"),
    source=members_at_end_source,
    params=("gender", "form", "young"),
    columns=MEMBER_COLUMNS,
    definition=_(
        "年末保留会籍（在会、退休保留、失业保留）且入会日期不晚于年末的会员；"
        "年末的会籍状态和所在工会按会籍变动记录还原"
    ),
)
def members(span, gender=None, form=None, young=None):
    q = Q()
    if gender:
        q &= Q(gender=gender)
    if form:
        q &= Q(employment_form=form)
    if young == "1":
        q &= Q(birth_date__gt=span.end.replace(year=span.end.year - YOUNG_AGE - 1))
    return q


def joined_source(span):
    return (
        Member.objects.filter(
            subtree_q(span.path, "org_path"), join_date__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("org_path", "id")
    )


@measure(
    "members_joined",
    _("本年新入会"),
    _("人"),
    source=joined_source,
    params=("form",),
    columns=MEMBER_COLUMNS,
    definition=_("入会日期在本年内的会员"),
)
def members_joined(span, form=None):
    return Q(employment_form=form) if form else Q()


# --- officials -----------------------------------------------------------------------------------


def officials_source(span):
    return (
        Official.objects.filter(subtree_q(span.path, "org__path"), start_date__lte=span.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=span.end))
        .select_related("org")
        .order_by("org__path", "id")
    )


@measure(
    "officials",
    _("工会干部"),
    _("人"),
    source=officials_source,
    params=("full_time", "gender"),
    columns=[
        (_("姓名"), lambda o: o.name),
        (_("工会"), _org_name),
        (_("职务"), lambda o: o.get_position_display()),
        (_("专职"), lambda o: _("专职") if o.is_full_time else _("兼职")),
    ],
    definition=_("年末在任的工会委员会成员"),
)
def officials(span, full_time=None, gender=None):
    q = Q()
    if full_time in ("0", "1"):
        q &= Q(is_full_time=full_time == "1")
    if gender:
        q &= Q(gender=gender)
    return q


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


def proposals_source(span):
    from gonghui.innovation.models import Proposal

    return (
        Proposal.objects.filter(
            subtree_q(span.path, "org__path"),
            created_at__date__range=(span.start, span.end),
        )
        .select_related("org")
        .order_by("created_at", "id")
    )


def _adopted(adopted=None):
    from gonghui.innovation.models import ADOPTED_STATES

    return Q(status__in=ADOPTED_STATES) if adopted == "1" else Q()


PROPOSAL_COLUMNS = [
    (_("编号"), lambda p: p.number),
    (_("题目"), lambda p: p.title),
    (_("工会"), _org_name),
    (_("状态"), lambda p: p.get_status_display()),
]


@measure(
    "improvement_proposals",
    _("合理化建议"),
    _("件"),
    source=proposals_source,
    params=("adopted",),
    columns=PROPOSAL_COLUMNS,
    definition=_("本年提出的合理化建议；已采纳含实施中、效益已确认和已奖励"),
)
def improvement_proposals(span, adopted=None):
    return _adopted(adopted)


@measure(
    "proposal_benefit",
    _("合理化建议效益"),
    _("元"),
    source=proposals_source,
    sum_field="actual_benefit",
    money=True,
    columns=PROPOSAL_COLUMNS,
    definition=_("本年提出并已采纳的合理化建议已确认的实际效益之和"),
)
def proposal_benefit(span):
    return _adopted("1")


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
