"""Recomputing the kept statistics: one GROUP BY over members and employers, then a roll-up of
each org's own counts into all its ancestors. Run by the worker after imports and on a schedule
(``gonghui refresh_stats``), or on demand from the dashboard."""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from gonghui.core import config
from gonghui.members.models import KEEPS_MEMBERSHIP, Member
from gonghui.members.selectors import AGE_BANDS
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Org, OrgStatus, Term

from . import conf  # noqa: F401  (defines the settings read here)
from .models import OrgRollup, RollupState


def age_band(birth_year, this_year):
    """The members statistics' age band key for the age reached this calendar year."""
    age = this_year - birth_year
    for key, _label, youngest, oldest in AGE_BANDS:
        if youngest <= age < oldest:
            return key
    return AGE_BANDS[-1][0]


def _own_counts(today):
    """Per org id: Counters of what the org itself (not its subtree) holds."""
    own = defaultdict(lambda: defaultdict(Counter))
    members = Member.unscoped.values("org_id", "status", "employment_form", "gender")
    for row in members.annotate(n=Count("id")):
        bucket = own[row["org_id"]]
        bucket["by_status"][row["status"]] += row["n"]
        if row["status"] in KEEPS_MEMBERSHIP:
            bucket["by_form"][row["employment_form"]] += row["n"]
            bucket["by_gender"][row["gender"]] += row["n"]
            bucket["scalar"]["members"] += row["n"]
    keeping = Member.unscoped.filter(status__in=KEEPS_MEMBERSHIP)
    for row in (
        keeping.values("org_id")
        .annotate(y=ExtractYear("birth_date"))
        .values("org_id", "y")
        .annotate(n=Count("id"))
    ):
        own[row["org_id"]]["by_age"][age_band(row["y"], today.year)] += row["n"]
    since = today.replace(day=1) - datetime.timedelta(days=31 * config.get("reports.joins_months"))
    joins = Member.unscoped.filter(join_date__gte=since).annotate(m=TruncMonth("join_date"))
    for row in joins.values("org_id", "m", "employment_form").annotate(n=Count("id")):
        month = row["m"].strftime("%Y-%m")
        own[row["org_id"]]["joins_by_month"][month] += row["n"]
        if row["employment_form"] == "new_form":
            own[row["org_id"]]["new_form_joins_by_month"][month] += row["n"]
    _employer_counts(own)
    for org_id in Term.unscoped.filter(
        is_current=True, end_date__lt=today, org__status=OrgStatus.ACTIVE
    ).values_list("org_id", flat=True):
        own[org_id]["scalar"]["overdue_terms"] += 1
    return own


def _employer_counts(own):
    large = config.get("members.coverage_min_headcount")
    rows = Employer.unscoped.filter(is_active=True).values_list("org_id", "org__kind", "headcount")
    for org_id, kind, headcount in rows:
        unionised = kind in GRASSROOTS_KINDS or kind == "group"
        scalar = own[org_id]["scalar"]
        scalar["employers"] += 1
        scalar["workers"] += headcount
        scalar["unionised_employers"] += unionised
        scalar["workers_in_unionised"] += headcount if unionised else 0
        scalar["large_employers"] += headcount >= large
        scalar["unionised_large_employers"] += unionised and headcount >= large


SCALARS = [
    "members",
    "employers",
    "unionised_employers",
    "large_employers",
    "unionised_large_employers",
    "workers",
    "workers_in_unionised",
    "grassroots_unions",
    "overdue_terms",
]
MAPS = ["by_status", "by_form", "by_gender", "by_age", "joins_by_month", "new_form_joins_by_month"]


def recompute_all(today=None, unless_computed_after=None):
    """Rebuild every org's subtree totals from the member and employer rows; note when and how
    long it took and clear the dirty mark. Returns the number of orgs.

    Holds the ``RollupState`` row locked throughout, so concurrent callers run one after the
    other. With ``unless_computed_after`` (when a reader saw the figures stale) it returns 0 at
    once if another recompute started after that moment and nothing changed since."""
    started = timezone.now()
    with transaction.atomic():
        state, _created = RollupState.objects.get_or_create(pk=1)
        state = RollupState.objects.select_for_update().get(pk=1)
        if (
            unless_computed_after is not None
            and state.computed_at is not None
            and state.computed_at >= unless_computed_after
            and state.dirty_since is None
        ):
            return 0
        count = _rebuild(today or datetime.date.today())
        finished = timezone.now()
        state.computed_at = started
        state.duration_ms = int((finished - started).total_seconds() * 1000)
        state.dirty_since = None
        state.save()
    return count


def _rebuild(today):
    own = _own_counts(today)
    orgs = list(Org.objects.values_list("id", "path", "kind", "status"))
    by_path = {path: org_id for org_id, path, _k, _s in orgs}
    totals = defaultdict(lambda: defaultdict(Counter))
    for org_id, path, kind, status in orgs:
        counts = own.get(org_id, {})
        if kind in GRASSROOTS_KINDS and status == OrgStatus.ACTIVE:
            counts.setdefault("scalar", Counter())["grassroots_unions"] += 1
        ancestors = [by_path[path[:i]] for i in range(4, len(path) + 1, 4) if path[:i] in by_path]
        for ancestor in ancestors:
            for key, counter in counts.items():
                totals[ancestor][key].update(counter)
    now = timezone.now()
    rows = [_row(org_id, totals[org_id], now) for org_id, *_rest in orgs]
    OrgRollup.unscoped.all().delete()
    OrgRollup.unscoped.bulk_create(rows, batch_size=2000)
    return len(rows)


def _row(org_id, counts, now):
    scalar = counts.get("scalar", Counter())
    return OrgRollup(
        org_id=org_id,
        computed_at=now,
        **{name: scalar.get(name, 0) for name in SCALARS},
        **{name: dict(counts.get(name, Counter())) for name in MAPS},
    )
