"""Scoped reads of hardship assistance."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.scoping import ancestor_paths, scopes_disabled
from gonghui.core.workflow import history

from . import policy  # noqa: F401  (defines the settings)
from .enums import Category, EntitlementStatus, FileStatus, StartupStatus
from .models import (
    Budget,
    Cycle,
    DibaoStandard,
    Entitlement,
    HardshipFile,
    Payment,
    Programme,
)


def files(filters=None):
    """Files in scope with what list pages show, filtered by q / status / category."""
    qs = HardshipFile.objects.select_related("org", "applicant")
    filters = filters or {}
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(applicant__name__icontains=q) | Q(number__iexact=q))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    return qs.order_by("-created_at", "-id")


def filed_files(path, as_of=None):
    """Hardship files on the register (建档, not yet out of hardship) in the subtree at ``path``
    on ``as_of`` (today by default): the one source of the figure (home card, annual return)."""
    from gonghui.core.scoping import subtree_q

    qs = HardshipFile.objects.filter(subtree_q(path, "org__path"), status=FileStatus.FILED)
    if as_of is not None:
        qs = qs.filter(created_at__date__lte=as_of)
    return qs.order_by("number", "id")


def caseload():
    """Files waiting for the assistance centre, the nearest deadline first."""
    return (
        HardshipFile.objects.filter(
            status__in=[
                FileStatus.SUBMITTED,
                FileStatus.VISITED,
                FileStatus.REVIEWED,
                FileStatus.NOTICE,
            ]
        )
        .select_related("org", "applicant")
        .annotate(
            open_flags=Count(
                "flags", filter=Q(flags__status="open", flags__entitlement__isnull=True)
            )
        )
        .order_by("review_due", "id")
    )


def reviews_due(today=None):
    today = today or timezone.localdate()
    return HardshipFile.objects.filter(status=FileStatus.FILED, next_review_due__lte=today)


def file_page(file):
    """Everything the file page shows, in a bounded number of queries."""
    return {
        "household": list(file.household.all()),
        "incomes": list(file.incomes.all()),
        "costs": list(file.costs.all()),
        "declarations": list(file.declarations.all()),
        "attachments": list(file.attachments.select_related("uploaded_by")),
        "visits": list(file.visits.all()),
        "objections": list(file.objections.all()),
        "overrides": list(file.overrides.select_related("decided_by")),
        "flags": list(file.flags.select_related("entitlement__cycle", "decided_by")),
        "reviews": list(file.reviews.select_related("reviewed_by")),
        "entitlements": list(
            file.entitlements.select_related("cycle__programme").prefetch_related("payments")
        ),
        "timeline": list(history(file)),
    }


def _excluded(file):
    confirmed = {o.rule for o in file.overrides.all() if o.confirmed_at}
    return any(rule not in confirmed for rule in file.exclusions)


def public_notices():
    """Files in public notice, reduced to what may be shown to anyone: masked name, union and
    category. Read without scope on purpose (the notice is public); nothing else leaves here."""
    with scopes_disabled():
        rows = (
            HardshipFile.objects.filter(status=FileStatus.NOTICE)
            .exclude(category__in=[Category.NOT_ELIGIBLE, Category.UNKNOWN])
            .select_related("org", "applicant")
            .prefetch_related("overrides")
            .order_by("notice_end", "id")
        )
        # An exclusion not let through by a confirmed override keeps a household off the notice.
        rows = [f for f in rows if not _excluded(f)]
        return [
            {
                "name": f.masked_name,
                "union": f.org.name,
                "category": f.get_category_display(),
                "notice_start": f.notice_start,
                "notice_end": f.notice_end,
            }
            for f in rows
        ]


def programmes():
    return Programme.objects.select_related("org").annotate(n_cycles=Count("cycles"))


def cycle_summary(cycle):
    """Budget used, paid, households reached, by org."""
    budgets = list(Budget.objects.filter(cycle=cycle).select_related("org"))
    by_org = (
        Entitlement.objects.filter(cycle=cycle)
        .values("org__name", "status")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by("org__name")
    )
    paid = Payment.objects.filter(cycle=cycle).aggregate(total=Sum("amount"))["total"] or 0
    reached = (
        Payment.objects.filter(cycle=cycle, kind="payment", reversal__isnull=True)
        .values("entitlement__file", "entitlement__worker")
        .distinct()
        .count()
    )
    by_org = list(by_org)
    for row in by_org:
        row["status_label"] = EntitlementStatus(row["status"]).label
    return {
        "budgets": budgets,
        "by_org": by_org,
        "paid": paid,
        "reached": reached,
        "budget_total": sum(b.amount for b in budgets),
        "used_total": sum(b.used for b in budgets),
    }


def approved_entitlements(cycle):
    """The households of the payment list (发放签收表): the approved ones."""
    return [e for e in entitlements(cycle) if e.status == EntitlementStatus.APPROVED]


def can_decide_startup(row):
    """A start-up support application is decided once, while it is still applied for."""
    return row.status == StartupStatus.APPLIED


def entitlements(cycle):
    return (
        Entitlement.objects.filter(cycle=cycle)
        .select_related("file__applicant", "worker", "org", "student", "budget__org")
        .prefetch_related("payments", "flags")
    )


def payments(cycle):
    return (
        Payment.objects.filter(cycle=cycle)
        .select_related(
            "entitlement__file__applicant",
            "entitlement__worker",
            "entitlement__student",
            "org",
            "recorded_by",
            "reverses",
            "confirmation__confirmed_by",
        )
        .order_by("org__path", "entitlement_id", "id")
    )


def cycles_of(programme):
    return Cycle.objects.filter(programme=programme).order_by("-year", "-start_date")


def external_aid(q=""):
    """Outside aid recorded in scope (civil-affairs grants and the like), newest first."""
    from .models import ExternalAid

    qs = ExternalAid.objects.select_related("org", "created_by")
    if q.strip():
        qs = qs.filter(Q(person_name__icontains=q.strip()) | Q(source__icontains=q.strip()))
    return qs.order_by("-granted_on", "-id")


def integrity_report(kind=""):
    """The district's duplicate-aid report: flags by kind (open / let through), by union, and
    the list of one kind for the drill-down; exclusion overrides (pending / confirmed)."""
    from .enums import FlagKind
    from .models import ExclusionOverride, Flag

    flags_qs = Flag.objects.all()
    by_kind = {
        row["kind"]: row
        for row in flags_qs.values("kind").annotate(
            open=Count("id", filter=Q(status="open")),
            overridden=Count("id", filter=Q(status="overridden")),
        )
    }
    kinds = [
        {
            "kind": k.value,
            "label": k.label,
            "open": by_kind.get(k.value, {}).get("open", 0),
            "overridden": by_kind.get(k.value, {}).get("overridden", 0),
        }
        for k in FlagKind
    ]
    by_union = list(
        flags_qs.exclude(status="cleared")
        .values("org__name")
        .annotate(n=Count("id"), open=Count("id", filter=Q(status="open")))
        .order_by("-n", "org__name")
    )
    rows = []
    if kind in FlagKind.values:
        rows = list(
            flags_qs.filter(kind=kind)
            .exclude(status="cleared")
            .select_related("org", "file", "entitlement__cycle", "decided_by")
            .order_by("status", "-created_at")[:500]
        )
    overrides = list(
        ExclusionOverride.objects.select_related(
            "file", "org", "decided_by", "confirmed_by"
        ).order_by("-decided_at")[:500]
    )
    return {
        "kinds": kinds,
        "by_union": by_union,
        "rows": rows,
        "kind": kind,
        "kind_label": FlagKind(kind).label if kind in FlagKind.values else "",
        "overrides": overrides,
        "overrides_confirmed": sum(1 for o in overrides if o.confirmed_at),
        "overrides_pending": sum(1 for o in overrides if not o.confirmed_at),
    }


def dibao_for(org, year):
    """The 低保 standard of the nearest area up ``org``'s tree for ``year`` (public data)."""
    paths = [*ancestor_paths(org.path), org.path]
    row = (
        DibaoStandard.objects.filter(year=year, org__path__in=paths)
        .select_related("org")
        .order_by("-org__depth")
        .first()
    )
    if row is None:
        raise ValidationError(
            _("尚未设置 {year} 年本地区低保标准，请联系区总工会").format(year=year)
        )
    return row
