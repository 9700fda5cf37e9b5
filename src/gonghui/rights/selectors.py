"""Scoped reads of the rights module: the handler's queue, the worker's own requests, the
urgent list, dashboards for a subtree, cases, workers'-home ratings."""

from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.orgs.models import Org

from . import conf  # noqa: F401  (defines the settings)
from .enums import OPEN_STATUSES, Category, Status
from .models import Case, HomeRating, Recovery, WorkerRequest, hash_tracking_code


def request_queue(
    *, status="", category="", overdue=False, urgent=False, query="", handler=None, today=None
):
    """The requests of the active scope for handlers, soonest deadline first."""
    today = today or timezone.localdate()
    qs = WorkerRequest.objects.select_related("org", "handler", "employer")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    if urgent:
        qs = qs.filter(is_urgent=True)
    if handler is not None:
        qs = qs.filter(handler=handler)
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(title__icontains=query)
            | Q(employer_name__icontains=query)
        )
    return qs.order_by("status", "due_date", "id")


def requests_of_worker(user):
    """A worker's own requests, wherever they are handled now (only those they filed)."""
    return (
        WorkerRequest.unscoped.filter(
            submitter=user
        )  # unscoped: the worker's own requests (by submitter)
        .select_related("org")
        .order_by("-received_at", "-id")
    )


def request_by_tracking_code(code):
    """The request a tracking code opens (the public follow-up page), or ``None``."""
    if not code or len(code.replace("-", "").strip()) != 12:
        return None
    return (
        WorkerRequest.unscoped.select_related(
            "org"
        )  # unscoped: the worker's own requests (by submitter)
        .filter(tracking_hash=hash_tracking_code(code))
        .first()
    )


def urgent_requests():
    return (
        WorkerRequest.objects.filter(is_urgent=True)
        .select_related("org", "handler")
        .order_by("urgent_acknowledged_at", "-received_at")
    )


def unacknowledged_urgent_count():
    return WorkerRequest.objects.filter(
        is_urgent=True, urgent_acknowledged_at__isnull=True, status__in=OPEN_STATUSES
    ).count()


def due_soon_count(today=None):
    """Open requests in scope whose reminder has been given (due within the reminder window)."""
    return WorkerRequest.objects.filter(
        status__in=OPEN_STATUSES, reminded_for=F("due_date")
    ).count()


def overdue_count(today=None):
    today = today or timezone.localdate()
    return WorkerRequest.objects.filter(status__in=OPEN_STATUSES, due_date__lt=today).count()


def timeline(req):
    return req.events.select_related("actor", "from_org", "to_org")


def dashboard(org, year=None, today=None):
    """Figures for ``org``'s subtree: requests by category, on-time rate, satisfaction, money
    recovered, open and overdue counts. Counts come from a handful of grouped queries."""
    today = today or timezone.localdate()
    year = year or today.year
    reqs = WorkerRequest.objects.in_subtree(org.path).filter(received_at__year=year)
    by_category = dict(reqs.values_list("category").annotate(n=Count("id")))
    answered = reqs.filter(answered_on_time__isnull=False).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(answered_on_time=True))
    )
    rated = reqs.filter(rating__isnull=False).aggregate(
        n=Count("id"), avg=Avg("rating"), satisfied=Count("id", filter=Q(rating__gte=4))
    )
    open_stats = reqs.filter(status__in=OPEN_STATUSES).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        urgent=Count("id", filter=Q(is_urgent=True)),
    )
    cases = Case.objects.in_subtree(org.path).filter(opened_on__year=year)
    recovered = Recovery.objects.filter(
        case__in=Case.objects.in_subtree(org.path), received_on__year=year
    ).aggregate(t=Sum("amount"))["t"] or Decimal("0")
    return {
        "year": year,
        "total": sum(by_category.values()),
        "by_category": [(str(c.label), by_category.get(c.value, 0)) for c in Category],
        "answered": answered["n"],
        "on_time": answered["on_time"],
        "on_time_rate": _rate(answered["on_time"], answered["n"]),
        "rated": rated["n"],
        "avg_rating": round(rated["avg"], 2) if rated["avg"] is not None else None,
        "satisfaction_rate": _rate(rated["satisfied"], rated["n"]),
        "open": open_stats["open"],
        "overdue": open_stats["overdue"],
        "urgent": open_stats["urgent"],
        "cases": cases.count(),
        "recovered": recovered,
    }


def _rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def dashboard_chart(stats):
    """The ECharts option for requests by category."""
    return {
        "tooltip": {},
        "grid": {"left": 10, "right": 20, "top": 10, "bottom": 20, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [label for label, _ in stats["by_category"]][::-1]},
        "series": [
            {
                "type": "bar",
                "name": gettext("诉求件数"),
                "data": [n for _, n in stats["by_category"]][::-1],
            }
        ],
    }


def cases_in_scope(kind=""):
    qs = Case.objects.select_related("org", "request").annotate(
        claimed=Sum("claims__amount", distinct=True)
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-opened_on", "-id")


def case_recovered(case):
    return case.recoveries.aggregate(t=Sum("amount"))["t"] or Decimal("0")


def home_ratings(year=None):
    qs = HomeRating.objects.select_related("org")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path")


def open_statuses():
    return [Status.NEW, Status.IN_PROGRESS]


def dashboard_by_child(org, year):
    """One row per direct child of ``org``: requests, on-time rate, average rating and money
    recovered in its subtree. Two grouped queries, whatever the number of children."""
    children = list(
        Org.objects.in_subtree(org.path)
        .filter(depth=org.depth + 1, status="active")
        .order_by("path")
    )
    if not children:
        return []
    width = len(children[0].path)
    prefix = Substr("org__path", 1, width)
    rows = (
        WorkerRequest.objects.in_subtree(org.path)
        .filter(received_at__year=year, org__depth__gt=org.depth)
        .annotate(prefix=prefix)
        .values("prefix")
        .annotate(
            total=Count("id"),
            answered=Count("id", filter=Q(answered_on_time__isnull=False)),
            on_time=Count("id", filter=Q(answered_on_time=True)),
            avg=Avg("rating"),
        )
    )
    by_prefix = {row["prefix"]: row for row in rows}
    money = dict(
        Recovery.objects.filter(case__in=Case.objects.in_subtree(org.path), received_on__year=year)
        .annotate(prefix=Substr("case__org__path", 1, width))
        .values("prefix")
        .annotate(t=Sum("amount"))
        .values_list("prefix", "t")
    )
    result = []
    for child in children:
        row = by_prefix.get(child.path, {})
        result.append(
            {
                "org": child,
                "total": row.get("total", 0),
                "on_time_rate": _rate(row.get("on_time", 0), row.get("answered", 0)),
                "avg_rating": round(row["avg"], 2) if row.get("avg") is not None else None,
                "recovered": money.get(child.path) or Decimal("0"),
            }
        )
    return result
