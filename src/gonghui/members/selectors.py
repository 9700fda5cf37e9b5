"""Scoped reads of the roster: list with search and filters, statistics, transfers."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import GRASSROOTS_KINDS, Org, OrgKind

from .models import (
    KEEPS_MEMBERSHIP,
    OPEN_TRANSFER,
    EmploymentForm,
    EventKind,
    Gender,
    Member,
    MembershipEvent,
    MemberStatus,
    Transfer,
    TransferStatus,
)
from .search import search_q

config.define(
    "members.coverage_min_headcount",
    25,
    gettext_lazy("建会率口径：单位最少职工人数"),
    gettext_lazy("选择“职工人数达标单位”作为建会率分母时，计入分母的单位最少职工人数"),
)

PAGE_SIZE = 30
# (key, label, youngest age, oldest age exclusive)
AGE_BANDS = [
    ("u25", gettext_lazy("25岁以下"), 0, 25),
    ("25_34", gettext_lazy("25–34岁"), 25, 35),
    ("35_44", gettext_lazy("35–44岁"), 35, 45),
    ("45_54", gettext_lazy("45–54岁"), 45, 55),
    ("55_59", gettext_lazy("55–59岁"), 55, 60),
    ("60p", gettext_lazy("60岁及以上"), 60, 200),
]
SORTS = {
    "": ("-id",),
    "name": ("name_pinyin", "id"),
    "join": ("join_date", "id"),
    "-join": ("-join_date", "-id"),
    "card": ("card_number",),
}
UNIONISED_KINDS = GRASSROOTS_KINDS | {OrgKind.GROUP}


def _years_ago(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def birth_range(band_key, today=None):
    """``(born_after, born_on_or_before)`` for an age band: born in (after, on_or_before]."""
    today = today or datetime.date.today()
    for key, _label, young, old in AGE_BANDS:
        if key == band_key:
            return _years_ago(today, old), _years_ago(today, young)
    return None


def filtered_members(params, today=None):
    """Members in scope matching ``params`` (q, org, status, form, gender, age, year, sort)."""
    qs = Member.objects.select_related("org", "employer")
    if params.get("q"):
        qs = qs.filter(search_q(params["q"]))
    org = params.get("org_obj")
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org_path"))
    if params.get("status") == "members":
        qs = qs.filter(status__in=KEEPS_MEMBERSHIP)
    elif params.get("status") in MemberStatus.values:
        qs = qs.filter(status=params["status"])
    if params.get("form") in EmploymentForm.values:
        qs = qs.filter(employment_form=params["form"])
    if params.get("gender") in Gender.values:
        qs = qs.filter(gender=params["gender"])
    born = birth_range(params.get("age"), today) if params.get("age") else None
    if born:
        qs = qs.filter(birth_date__gt=born[0], birth_date__lte=born[1])
    if str(params.get("year") or "").isdigit():
        qs = qs.filter(join_date__year=int(params["year"]))
    return qs.order_by(*SORTS.get(params.get("sort") or "", SORTS[""]))


# What the roster list reads of each member (and of its union, the name): the shown columns and
# the sort keys its deep pages continue from.
LIST_FIELDS = (
    "name",
    "name_pinyin",
    "gender",
    "id_number",
    "phone",
    "employment_form",
    "org__name",
    "join_date",
    "card_number",
    "status",
)


def listed_members(params, today=None):
    """``filtered_members`` for the list page: only the columns it shows."""
    return (
        filtered_members(params, today)
        .select_related(None)
        .select_related("org")
        .only(*LIST_FIELDS)
    )


def org_by_code(code):
    """An org in the active scope by its code, or ``None``."""
    if not code:
        return None
    return Org.objects.visible().filter(code=code.strip()).first()


def member_history(member):
    return member.events.select_related("from_org", "to_org", "actor").order_by("-on_date", "-id")


def transfers_in_scope(*, open_only=False):
    """Transfers in scope; ``open_only``: those still waiting for a confirmation."""
    transfers = Transfer.objects.select_related("member", "from_org", "to_org", "created_by")
    return transfers.filter(status__in=OPEN_TRANSFER) if open_only else transfers


def transfers_waiting_for(scope):
    """Open transfers that wait for a confirmation from a union in ``scope``."""
    return Transfer.objects.filter(
        (Q(status=TransferStatus.AWAITING_RELEASE) & subtree_q(scope.org_path, "from_org__path"))
        | (Q(status=TransferStatus.AWAITING_ACCEPT) & subtree_q(scope.org_path, "to_org__path"))
    )


# --- statistics --------------------------------------------------------------------------------

DENOMINATORS = {
    "all": (
        gettext_lazy("全部单位/全部职工"),
        gettext_lazy(
            "入会率 = 会员数 ÷ 范围内全部单位的职工人数；建会率 = 已建会单位数 ÷ 全部单位数"
        ),
    ),
    "unionised": (
        gettext_lazy("已建会单位/达标单位"),
        gettext_lazy(
            "入会率 = 会员数 ÷ 已建会单位的职工人数；建会率 = 已建会的达标单位数 ÷ 职工人数达到下限的单位数"
        ),
    ),
}


def _rate(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _months(today, count):
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def statistics(org, denominator="all", today=None, months=12):
    """Figures for ``org``'s subtree: members by status, employment form, gender and age band,
    joins and leaves by month, 入会率 and 建会率 with the chosen denominator.

    The stocks (members and their breakdowns, workers, employers) come from the one source of
    subtree figures (``reports.figures``), the same numbers the home page, the dashboard and
    the API show, with their ``as_of`` time; joins and leaves are counted from the events."""
    from gonghui.reports.figures import subtree_figures

    today = today or datetime.date.today()
    f = subtree_figures(org)
    by_status, by_form, by_gender, by_age = f.by_status, f.by_form, f.by_gender, f.by_age
    return {
        "org": org,
        "total": f.members,
        "as_of": f.as_of,
        "figures": f,
        "by_status": [(label, by_status.get(value, 0)) for value, label in MemberStatus.choices],
        "by_form": [(label, by_form.get(value, 0)) for value, label in EmploymentForm.choices],
        "by_gender": [(label, by_gender.get(value, 0)) for value, label in Gender.choices],
        "by_age": [(str(label), by_age.get(key, 0)) for key, label, _y, _o in AGE_BANDS],
        "by_month": _flows(org, today, months),
        "coverage": coverage(org, f, denominator),
    }


def _flows(org, today, months):
    month_list = _months(today, months)
    events = MembershipEvent.objects.filter(
        subtree_q(org.path, "member__org_path"), on_date__gte=month_list[0]
    )
    joins = dict(
        events.filter(kind__in=[EventKind.JOIN, EventKind.REJOIN])
        .annotate(m=TruncMonth("on_date"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    leaves = dict(
        events.filter(
            to_status__in=[
                MemberStatus.WITHDRAWN,
                MemberStatus.DECEASED,
                MemberStatus.TRANSFERRED_OUT,
            ]
        )
        .annotate(m=TruncMonth("on_date"))
        .values_list("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(m.strftime("%Y-%m"), _by_month(joins, m), _by_month(leaves, m)) for m in month_list]


def _by_month(counts, month):
    for key, n in counts.items():
        if key is not None and (key.year, key.month) == (month.year, month.month):
            return n
    return 0


def coverage(org, figures, denominator="all"):
    """入会率 and 建会率 for ``org``'s subtree with the chosen denominator, and how it is made,
    from the subtree figures ``figures`` (``reports.figures.Figures``)."""
    rollup = figures.rollup
    counts = {
        name: getattr(rollup, name, 0) if rollup else 0
        for name in (
            "employers",
            "workers",
            "unionised_employers",
            "workers_in_unionised",
            "large_employers",
            "unionised_large_employers",
        )
    }
    if denominator == "unionised":
        workers = counts["workers_in_unionised"]
        employer_base, unionised = counts["large_employers"], counts["unionised_large_employers"]
        setting = config.describe("members.coverage_min_headcount", org=org)
    else:
        denominator = "all"
        workers = counts["workers"]
        employer_base, unionised = counts["employers"], counts["unionised_employers"]
        setting = ""
    label, explanation = (str(text) for text in DENOMINATORS[denominator])
    return {
        **counts,
        "unionised_workers": counts["workers_in_unionised"],
        "sized_employers": counts["large_employers"],
        "members": figures.members,
        "denominator": denominator,
        "denominator_label": label,
        "explanation": explanation,
        "setting": setting,
        "worker_base": workers,
        "employer_base": employer_base,
        "unionised_base": unionised,
        "membership_rate": _rate(figures.members, workers),
        "unionisation_rate": _rate(unionised, employer_base),
    }


def children_figures(org):
    """Per child org (drill-down): members keeping membership, workers, 入会率 (all workers),
    from the same subtree figures as the page's totals. Two queries whatever the number of
    children."""
    from gonghui.reports.figures import figures_for

    children = list(
        Org.objects.visible()
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
    )
    return [(f.org, f.members, f.workers, f.membership_rate) for f in figures_for(children)]
