"""The measures' registry and machinery: the year span, ``Measure``, the ``measure`` decorator,
``totals`` (one query per source table), the shared column helpers, and membership at the year
end reconstructed from the members' dated history (the span needs the members moved out since)."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from gonghui.core.scoping import subtree_q
from gonghui.members.models import EventKind, Member, MembershipEvent
from gonghui.orgs.models import Org

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


# --- membership at the year end -------------------------------------------------------------------
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
