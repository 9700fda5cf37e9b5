"""Scoped reads of the organising work: employers without a union, the pipeline with its counts
per street and over time, foundings, term changes and what an organiser has to do."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext

from gonghui.core import config
from gonghui.core.scoping import current_scope
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Org, OrgKind, OrgStatus, Position
from gonghui.orgs.selectors import term_alerts

from . import conf
from .enums import SIZE_BOUNDS, FoundingStatus, Stage, TermChangeStatus
from .models import Founding, Prospect, TermChange, Visit

UNION_KINDS = [*GRASSROOTS_KINDS, OrgKind.GROUP]
OPEN_FOUNDING = ~Q(status__in=(FoundingStatus.REGISTERED, FoundingStatus.WITHDRAWN))
OPEN_CHANGE = ~Q(status__in=(TermChangeStatus.COMPLETED, TermChangeStatus.WITHDRAWN))


# Positions in the order pages and documents list them.
POSITION_ORDER = [p.value for p in Position]


def by_position(officials):
    """Officials ordered chair, vice chairs, members, ... then by name."""
    return sorted(officials, key=lambda o: (POSITION_ORDER.index(o.position), o.name))


def target_headcount():
    return config.get(conf.TARGET_HEADCOUNT.key)


def employers_without_union(
    *, street=None, min_headcount=None, size="", industry="", stage="", organiser=None, query=""
):
    """Active employers in scope whose record sits with a street or industry union (no union of
    their own), with their prospect row (if work has started). Filters as the list offers them."""
    qs = (
        Employer.objects.filter(is_active=True)
        .exclude(org__kind__in=UNION_KINDS)
        .select_related("org", "prospect", "prospect__organiser")
    )
    if street is not None:
        qs = qs.in_subtree(street.path)
    if min_headcount:
        qs = qs.filter(headcount__gte=min_headcount)
    if size in SIZE_BOUNDS:
        low, high = SIZE_BOUNDS[size]
        qs = qs.filter(headcount__gte=low)
        if high is not None:
            qs = qs.filter(headcount__lt=high)
    if industry:
        qs = qs.filter(industry=industry)
    if stage == Stage.FOUND:
        qs = qs.filter(Q(prospect__isnull=True) | Q(prospect__stage=Stage.FOUND))
    elif stage:
        qs = qs.filter(prospect__stage=stage)
    if organiser is not None:
        qs = qs.filter(prospect__organiser=organiser)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(credit_code__iexact=query))
    return qs.order_by("-headcount", "name")


def streets():
    """Street and industry unions in scope (the list's street filter and the count rows)."""
    return Org.objects.visible().filter(
        kind__in=(OrgKind.STREET, OrgKind.INDUSTRY), status=OrgStatus.ACTIVE
    )


def pipeline_by_street(min_headcount=None):
    """Rows ``(street, {stage: n}, total)`` for each street or industry union in scope:
    employers without a union by stage, plus those founded (建会) through the pipeline."""
    rows = []
    counts = defaultdict(Counter)
    paths = [(s, s.path) for s in streets()]
    waiting = employers_without_union(min_headcount=min_headcount)
    for path, stage in waiting.values_list("org__path", "prospect__stage"):
        street = _street_of(paths, path)
        if street is not None:
            counts[street.pk][stage or Stage.FOUND] += 1
    founded = Prospect.objects.filter(stage=Stage.FOUNDED)
    if min_headcount:
        founded = founded.filter(employer__headcount__gte=min_headcount)
    for path in founded.values_list("org__path", flat=True):
        street = _street_of(paths, path)
        if street is not None:
            counts[street.pk][Stage.FOUNDED] += 1
    for street, _path in paths:
        by_stage = {stage: counts[street.pk].get(stage, 0) for stage in Stage.values}
        rows.append((street, by_stage, sum(by_stage.values())))
    return rows


def _street_of(paths, path):
    """The deepest street/industry union whose subtree holds ``path``."""
    best = None
    for street, street_path in paths:
        if path.startswith(street_path) and (best is None or len(street_path) > len(best[1])):
            best = (street, street_path)
    return best[0] if best else None


def pipeline_by_month(months=12, today=None):
    """``[(YYYY-MM, {stage: n})]``: employers that reached each stage per month (last N)."""
    today = today or datetime.date.today()
    start = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    fields = {
        Stage.FOUND: "found_on",
        Stage.CONTACTED: "contacted_on",
        Stage.PREPARING: "preparing_on",
        Stage.FOUNDED: "founded_on",
    }
    table = defaultdict(Counter)
    for stage, name in fields.items():
        rows = (
            Prospect.objects.filter(**{f"{name}__gte": start})
            .annotate(m=TruncMonth(name))
            .values("m")
            .annotate(n=Count("id"))
        )
        for row in rows:
            table[row["m"].strftime("%Y-%m")][stage] += row["n"]
    result, month = [], start
    while month <= today:
        key = month.strftime("%Y-%m")
        result.append((key, {stage: table[key].get(stage, 0) for stage in Stage.values}))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


def multi_employer_unions():
    from gonghui.orgs.models import MULTI_EMPLOYER_KINDS

    return Org.objects.visible().filter(kind__in=MULTI_EMPLOYER_KINDS, status=OrgStatus.ACTIVE)


def visits_of(prospect):
    return Visit.objects.filter(prospect=prospect).select_related("recorded_by")


def foundings(status=""):
    qs = Founding.objects.select_related("employer", "org", "union")
    if status == "open":
        qs = qs.filter(OPEN_FOUNDING)
    elif status:
        qs = qs.filter(status=status)
    return qs


def term_changes(status=""):
    qs = TermChange.objects.select_related("org", "term")
    if status == "open":
        qs = qs.filter(OPEN_CHANGE)
    elif status:
        qs = qs.filter(status=status)
    return qs


def waiting_for_upper_level():
    """Term changes and foundings waiting for this scope's decision (as the upper level): the
    scope's own union never decides on itself."""
    scope = current_scope()
    changes = (
        term_changes()
        .filter(status__in=(TermChangeStatus.SUBMITTED, TermChangeStatus.RESULT_SUBMITTED))
        .exclude(org__path=scope.org_path)
    )
    # Four eyes: a request waits for someone other than who made it.
    founds = foundings().filter(
        Q(status=FoundingStatus.CONSENT_REQUESTED) & ~Q(requested_by=scope.user)
        | Q(status=FoundingStatus.APPROVAL_REQUESTED) & ~Q(approval_requested_by=scope.user)
    )
    return changes, founds


def term_steps(terms):
    """``{org_id: (label, url)}``: the open term change of each term's union, for the overdue
    list in orgs (registered with ``orgs.selectors.register_term_step``)."""
    from django.urls import reverse

    org_ids = [t.org_id for t in terms]
    scope = current_scope(required=False)
    if not org_ids or scope is None or not scope.has_perm("organising.view_term_change"):
        return {}
    steps = {}
    for change in TermChange.objects.filter(OPEN_CHANGE, org_id__in=org_ids):
        steps[change.org_id] = (
            str(change.get_status_display()),
            reverse("organising:term_change", args=[change.pk]),
        )
    start = "organising:term_change_start"
    # A plan is started for a grassroots union (the page refuses other kinds): a street or
    # industry union's own term gets no link here.
    startable = Org.objects.filter(pk__in=set(org_ids) - set(steps), kind__in=GRASSROOTS_KINDS)
    for org_id, code in startable.values_list("id", "code"):
        steps[org_id] = (gettext("发起换届"), reverse(start, args=[code]))
    return steps


def can_revise_plan(change):
    """A term-change plan is edited while it is a draft (the page offers "修改换届计划")."""
    return change.status == TermChangeStatus.DRAFT


def organiser_home(user, today=None):
    """What the organiser ``user`` has to do: their employers, visits due in the next week,
    unions whose terms are due and plans waiting for approval."""
    today = today or datetime.date.today()
    mine = Prospect.objects.filter(organiser=user).exclude(stage=Stage.FOUNDED)
    expiring, overdue = term_alerts(today)
    changes, founds = waiting_for_upper_level()
    return {
        "prospects": mine.select_related("employer", "org").order_by("next_visit_on", "id"),
        "visits_due": mine.filter(next_visit_on__lte=today + datetime.timedelta(days=7))
        .select_related("employer")
        .order_by("next_visit_on"),
        "terms_due": list(overdue[:50]) + list(expiring[:50]),
        "plans_waiting": changes,
        "foundings_waiting": founds,
        "my_foundings": foundings("open").filter(prospect__organiser=user),
    }
