"""The measures behind the annual statistics return (工会统计年报).

A return's layout (``layouts.py``) is data: each cell names a measure key here, with optional
parameters (``members?gender=F``), or a formula over other rows. A measure knows, for an org's
subtree and a year, the rows it counts (``rows``: the list a figure drills down to) and how
they add up (``total``: a count, or the sum of a field). Every measure reads live data through
the scoped managers, so the return is computed for whatever subtree the user may see.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gonghui.core.masking import mask_name
from gonghui.core.scoping import subtree_q
from gonghui.members.models import KEEPS_MEMBERSHIP, Member
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Official, Org, OrgStatus

# Employer size bands (职工人数) of the return: key -> (label, lowest, highest exclusive)
SIZE_BANDS = {
    "lt25": (_("25 人以下"), 0, 25),
    "25_99": (_("25–99 人"), 25, 100),
    "100_999": (_("100–999 人"), 100, 1000),
    "1000p": (_("1000 人及以上"), 1000, None),
}
YOUNG_AGE = 35  # 青年: aged 35 or under at the year end


@dataclass
class Span:
    """The org whose subtree is counted and the year of the return."""

    org: Org
    year: int

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        return datetime.date(self.year, 12, 31)


@dataclass
class Measure:
    key: str
    label: str
    unit: str
    rows: Callable  # (span, **params) -> QuerySet
    sum_field: str = ""  # sum of this field instead of a count
    columns: list = field(default_factory=list)  # [(label, fn(obj) -> text)] of the drill list
    params: tuple = ()  # allowed parameter names
    definition: str = ""  # 口径, shown beside the figure
    money: bool = False  # a sum of yuan (Decimal), else a whole number

    def total(self, span, **params):
        qs = self.rows(span, **params)
        if not self.sum_field:
            return qs.count()
        n = qs.aggregate(n=Sum(self.sum_field))["n"]
        if self.money:
            return Decimal(n or 0).quantize(Decimal("0.01"))
        return int(n or 0)


MEASURES = {}


def measure(key, label, unit, *, sum_field="", columns=(), params=(), definition="", money=False):
    def register(fn):
        MEASURES[key] = Measure(
            key, label, unit, fn, sum_field, list(columns), tuple(params), definition, money
        )
        return fn

    return register


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
    # The union's largest employer decides its ownership row (a union counted once).
    return Subquery(
        Employer.objects.filter(org=OuterRef("pk"), is_active=True)
        .order_by("-headcount", "pk")
        .values(fieldname)[:1]
    )


def _union_workers():
    return Coalesce(
        Subquery(
            Employer.objects.filter(org=OuterRef("pk"), is_active=True)
            .values("org")
            .annotate(n=Sum("headcount"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _unions_existing(span):
    return (
        Org.objects.in_subtree(span.org.path)
        .filter(kind__in=GRASSROOTS_KINDS)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=span.end))
        .filter(Q(status=OrgStatus.ACTIVE) | Q(closed_on__gt=span.end))
    )


@measure(
    "grassroots_unions",
    _("基层工会"),
    _("个"),
    params=("ownership", "size"),
    columns=[(_("工会"), lambda o: o.name), (_("成立日期"), _date("established_on"))],
    definition=_("年末存续的基层工会和联合基层工会；经济类型和规模按其职工人数最多的单位"),
)
def grassroots_unions(span, ownership=None, size=None):
    qs = _unions_existing(span).annotate(main_ownership=_main_employer("ownership"))
    if ownership == "none":
        qs = qs.filter(main_ownership__isnull=True)
    elif ownership:
        qs = qs.filter(main_ownership=ownership)
    if size:
        _label, low, high = SIZE_BANDS[size]
        qs = qs.annotate(workers=_union_workers()).filter(workers__gte=low)
        if high is not None:
            qs = qs.filter(workers__lt=high)
    return qs.order_by("path")


@measure(
    "unions_founded",
    _("本年新建工会"),
    _("个"),
    columns=[(_("工会"), lambda o: o.name), (_("成立日期"), _date("established_on"))],
    definition=_("成立日期在本年内的基层工会"),
)
def unions_founded(span):
    return (
        Org.objects.in_subtree(span.org.path)
        .filter(kind__in=GRASSROOTS_KINDS, established_on__range=(span.start, span.end))
        .order_by("path")
    )


@measure(
    "unions_dissolved",
    _("本年撤销、合并工会"),
    _("个"),
    columns=[(_("工会"), lambda o: o.name), (_("撤销/合并日期"), _date("closed_on"))],
    definition=_("撤销或合并日期在本年内的基层工会"),
)
def unions_dissolved(span):
    return (
        Org.objects.in_subtree(span.org.path)
        .filter(
            kind__in=GRASSROOTS_KINDS,
            status__in=[OrgStatus.DISSOLVED, OrgStatus.MERGED],
            closed_on__range=(span.start, span.end),
        )
        .order_by("path")
    )


@measure(
    "employers",
    _("单位"),
    _("家"),
    params=("unionised",),
    columns=[(_("单位"), lambda e: e.name), (_("职工人数"), lambda e: e.headcount)],
    definition=_("存续单位（按登记记录）"),
)
def employers(span, unionised=None):
    qs = Employer.objects.filter(subtree_q(span.org.path, "org__path"), is_active=True)
    if unionised == "1":
        qs = qs.filter(org__kind__in=[*GRASSROOTS_KINDS, "group"])
    return qs.select_related("org").order_by("name")


@measure(
    "workers",
    _("职工人数"),
    _("人"),
    sum_field="headcount",
    params=("unionised",),
    columns=[(_("单位"), lambda e: e.name), (_("职工人数"), lambda e: e.headcount)],
    definition=_("存续单位登记的职工人数之和"),
)
def workers(span, unionised=None):
    return employers(span, unionised)


# --- members -------------------------------------------------------------------------------------


@measure(
    "members",
    _("会员"),
    _("人"),
    params=("gender", "form", "young"),
    columns=[
        (_("姓名"), lambda m: mask_name(m.name)),
        (_("工会"), _org_name),
        (_("入会日期"), _date("join_date")),
    ],
    definition=_("年末保留会籍（在会、退休保留、失业保留）且入会日期不晚于年末的会员"),
)
def members(span, gender=None, form=None, young=None):
    qs = Member.objects.filter(
        subtree_q(span.org.path, "org_path"),
        status__in=KEEPS_MEMBERSHIP,
        join_date__lte=span.end,
    )
    if gender:
        qs = qs.filter(gender=gender)
    if form:
        qs = qs.filter(employment_form=form)
    if young == "1":
        born_after = span.end.replace(year=span.end.year - YOUNG_AGE - 1)
        qs = qs.filter(birth_date__gt=born_after)
    return qs.select_related("org").order_by("org_path", "id")


@measure(
    "members_joined",
    _("本年新入会"),
    _("人"),
    params=("form",),
    columns=[
        (_("姓名"), lambda m: mask_name(m.name)),
        (_("工会"), _org_name),
        (_("入会日期"), _date("join_date")),
    ],
    definition=_("入会日期在本年内的会员"),
)
def members_joined(span, form=None):
    qs = Member.objects.filter(
        subtree_q(span.org.path, "org_path"), join_date__range=(span.start, span.end)
    )
    if form:
        qs = qs.filter(employment_form=form)
    return qs.select_related("org").order_by("org_path", "id")


# --- officials -----------------------------------------------------------------------------------


@measure(
    "officials",
    _("工会干部"),
    _("人"),
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
    qs = Official.objects.filter(
        subtree_q(span.org.path, "org__path"), start_date__lte=span.end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=span.end))
    if full_time in ("0", "1"):
        qs = qs.filter(is_full_time=full_time == "1")
    if gender:
        qs = qs.filter(gender=gender)
    return qs.select_related("org").order_by("org__path", "id")


# --- democratic management -----------------------------------------------------------------------


@measure(
    "congress_sessions",
    _("召开职代会（次）"),
    _("次"),
    columns=[
        (_("会议"), lambda s: s.title),
        (_("工会"), _org_name),
        (_("闭会日期"), _date("closed_on")),
    ],
    definition=_("闭会日期在本年内的职工（代表）大会会议"),
)
def congress_sessions(span):
    from gonghui.assemblies.models import Session

    return (
        Session.objects.filter(
            subtree_q(span.org.path, "org__path"), closed_on__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("closed_on", "id")
    )


@measure(
    "disclosing_employers",
    _("实行厂务公开的单位"),
    _("家"),
    columns=[(_("单位"), lambda e: e.name), (_("职工人数"), lambda e: e.headcount)],
    definition=_("本年内有已公开事项的单位"),
)
def disclosing_employers(span):
    from gonghui.workplace.models import Disclosure, DisclosureStatus

    posted = Disclosure.objects.filter(
        employer=OuterRef("pk"),
        status=DisclosureStatus.POSTED,
        posted_on__range=(span.start, span.end),
    )
    return (
        Employer.objects.filter(subtree_q(span.org.path, "org__path"))
        .filter(Exists(posted))
        .order_by("name")
    )


def _contracts(span, kind):
    from gonghui.workplace.models import Contract, ContractStatus

    qs = Contract.objects.filter(
        subtree_q(span.org.path, "org__path"),
        status__in=[ContractStatus.SIGNED, ContractStatus.FILED, ContractStatus.IN_FORCE],
        start_date__lte=span.end,
        end_date__gte=span.end,
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("org").order_by("org__path", "id")


CONTRACT_COLUMNS = [
    (_("合同"), lambda c: c.title),
    (_("工会"), _org_name),
    (_("期限"), lambda c: f"{c.start_date.isoformat()} – {c.end_date.isoformat()}"),
    (_("覆盖职工人数"), lambda c: c.workers_covered),
]


@measure(
    "contracts",
    _("有效集体合同"),
    _("份"),
    params=("kind",),
    columns=CONTRACT_COLUMNS,
    definition=_("年末在期限内且已签字、报送或生效的集体合同"),
)
def contracts(span, kind=None):
    return _contracts(span, kind)


@measure(
    "contract_workers",
    _("集体合同覆盖职工"),
    _("人"),
    sum_field="workers_covered",
    params=("kind",),
    columns=CONTRACT_COLUMNS,
    definition=_("年末有效集体合同登记的覆盖职工人数之和"),
)
def contract_workers(span, kind=None):
    return _contracts(span, kind)


# --- assistance, rights, proposals, workers' homes -----------------------------------------------


@measure(
    "hardship_files",
    _("困难职工档案"),
    _("户"),
    columns=[(_("档案编号"), lambda f: f.number or "—"), (_("工会"), _org_name)],
    definition=_("年末已建档（未解困）的困难职工档案"),
)
def hardship_files(span):
    from gonghui.assistance.enums import FileStatus
    from gonghui.assistance.models import HardshipFile

    return (
        HardshipFile.objects.filter(
            subtree_q(span.org.path, "org__path"),
            status=FileStatus.FILED,
            created_at__date__lte=span.end,
        )
        .select_related("org")
        .order_by("number", "id")
    )


@measure(
    "aid_paid",
    _("帮扶资金发放"),
    _("元"),
    sum_field="amount",
    money=True,
    columns=[
        (_("工会"), _org_name),
        (_("发放日期"), _date("paid_on")),
        (_("金额（元）"), lambda p: f"{p.amount:,.2f}"),
    ],
    definition=_("发放日期在本年内的帮扶资金（冲正记录相抵）"),
)
def aid_paid(span):
    from gonghui.assistance.models import Payment

    return (
        Payment.objects.filter(
            subtree_q(span.org.path, "org__path"), paid_on__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("paid_on", "id")
    )


@measure(
    "aid_budget",
    _("帮扶资金预算"),
    _("元"),
    sum_field="amount",
    money=True,
    columns=[
        (_("工会"), _org_name),
        (_("批次"), lambda b: b.cycle.name),
        (_("预算（元）"), lambda b: f"{b.amount:,.2f}"),
    ],
    definition=_("本年度帮扶批次的预算之和"),
)
def aid_budget(span):
    from gonghui.assistance.models import Budget

    return (
        Budget.objects.filter(subtree_q(span.org.path, "org__path"), cycle__year=span.year)
        .select_related("org", "cycle")
        .order_by("org__path", "id")
    )


@measure(
    "competitions",
    _("劳动和技能竞赛"),
    _("项"),
    columns=[
        (_("竞赛主题"), lambda c: c.theme),
        (_("工会"), _org_name),
        (_("开始日期"), _date("start_date")),
    ],
    definition=_("本年内开始的劳动竞赛"),
)
def competitions(span):
    from gonghui.contests.models import Campaign

    return (
        Campaign.objects.filter(
            subtree_q(span.org.path, "org__path"), start_date__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("start_date", "id")
    )


@measure(
    "grievances",
    _("职工诉求"),
    _("件"),
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
    from django.db.models import F

    from gonghui.rights.enums import Status
    from gonghui.rights.models import WorkerRequest

    qs = WorkerRequest.objects.filter(
        subtree_q(span.org.path, "org__path"),
        received_at__date__range=(span.start, span.end),
    )
    if closed == "1" or on_time == "1":
        qs = qs.filter(status=Status.CLOSED)
    if on_time == "1":
        qs = qs.filter(closed_at__date__lte=F("due_date"))
    if category:
        qs = qs.filter(category=category)
    return qs.select_related("org").order_by("received_at", "id")


@measure(
    "mediation_cases",
    _("劳动争议调解案件"),
    _("件"),
    params=("agreed",),
    columns=[
        (_("案由"), lambda c: c.title),
        (_("承办工会"), _org_name),
        (_("立案日期"), _date("opened_on")),
    ],
    definition=_("本年立案的劳动争议调解案件；调解成功指结果为调解成功"),
)
def mediation_cases(span, agreed=None):
    from gonghui.rights.enums import CaseKind, CaseOutcome
    from gonghui.rights.models import Case

    qs = Case.objects.filter(
        subtree_q(span.org.path, "org__path"),
        kind=CaseKind.MEDIATION,
        opened_on__range=(span.start, span.end),
    )
    if agreed == "1":
        qs = qs.filter(outcome=CaseOutcome.AGREEMENT)
    return qs.select_related("org").order_by("opened_on", "id")


def _improvement_proposals(span, adopted=None):
    from gonghui.innovation.models import ADOPTED_STATES, Proposal

    qs = Proposal.objects.filter(
        subtree_q(span.org.path, "org__path"),
        created_at__date__range=(span.start, span.end),
    )
    if adopted == "1":
        qs = qs.filter(status__in=ADOPTED_STATES)
    return qs.select_related("org").order_by("created_at", "id")


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
    params=("adopted",),
    columns=PROPOSAL_COLUMNS,
    definition=_("本年提出的合理化建议；已采纳含实施中、效益已确认和已奖励"),
)
def improvement_proposals(span, adopted=None):
    return _improvement_proposals(span, adopted)


@measure(
    "proposal_benefit",
    _("合理化建议效益"),
    _("元"),
    sum_field="actual_benefit",
    money=True,
    columns=PROPOSAL_COLUMNS,
    definition=_("本年提出并已采纳的合理化建议已确认的实际效益之和"),
)
def proposal_benefit(span):
    return _improvement_proposals(span, "1")


@measure(
    "workers_homes",
    _("职工之家评定"),
    _("个"),
    columns=[(_("工会"), _org_name), (_("评定等级"), lambda r: r.level or "—")],
    definition=_("本年度已评定的职工之家"),
)
def workers_homes(span):
    from gonghui.rights.enums import HomeRatingStatus
    from gonghui.rights.models import HomeRating

    return (
        HomeRating.objects.filter(
            subtree_q(span.org.path, "org__path"),
            year=span.year,
            status=HomeRatingStatus.REVIEWED,
        )
        .select_related("org")
        .order_by("org__path")
    )
