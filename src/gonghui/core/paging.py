"""The shared pager of list pages: a page of rows with its total where counting is cheap, and a
capped count ("1,000+") where the list can be huge (the audit log, outboxes), so that no page
counts a whole table per request. Rendered by ``core/_pager.html``."""

import json

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

COUNT_CAP = 1000
# a page number beyond this is a typo or an attack: it is read as this (the pager then shows the
# last page), so the bounded count's LIMIT stays a number every database takes
MAX_PAGE = 100_000


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows (or up to the requested page, when it lies further): one
    bounded ``COUNT`` over a ``LIMIT`` subquery. ``capped`` tells the page that more exist."""

    def __init__(self, object_list, per_page, *, cap=COUNT_CAP, number=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False
        self._limit = max(cap, number * per_page) + 1

    @cached_property
    def count(self):
        counted = self.object_list[: self._limit]
        n = (
            counted.count()
            if hasattr(counted, "count") and not isinstance(counted, list)
            else len(counted)
        )
        if n >= self._limit:
            self.capped = True
        return n

    @property
    def floor(self):
        """What is known when capped: at least this many rows ("1,000+")."""
        return self._limit - 1


def page_number(request):
    try:
        return min(MAX_PAGE, max(1, int(request.GET.get("page") or 1)))
    except (TypeError, ValueError):
        return 1


def paginate(request, object_list, per_page=30, *, cap=None):
    """The requested page of ``object_list``; with ``cap`` the total is counted only up to it."""
    if cap is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = CappedPaginator(object_list, per_page, cap=cap, number=page_number(request))
    return paginator.get_page(request.GET.get("page"))


# --- Pages without a count, keyset past the first pages -----------------------------------------

# Pages up to this number are read with OFFSET (links by number); the pages after them carry the
# last row's sort key (``after=``) or the first row's (``before=``), so a deep page costs what the
# first one does.
KEYSET_FROM = 10


class Window:
    """One page of a list that is never counted: ``rows``, ``number``, ``has_next``,
    ``has_previous`` and the query strings of the neighbouring pages (``next_query``,
    ``previous_query``: the request's parameters with the page's own replaced).
    Rendered by ``core/_window_pager.html``."""

    def __init__(self, rows, number, has_next, next_query="", previous_query=""):
        self.rows = rows
        self.number = number
        self.has_next = has_next
        self.has_previous = number > 1
        self.next_query = next_query
        self.previous_query = previous_query

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __bool__(self):
        return bool(self.rows)


def _keyset_order(qs):
    """The queryset's ordering as ``[(field name, descending)]`` ending in the primary key, or
    ``None`` when a term is not a plain column of the model (an expression, a related field)."""
    meta = qs.model._meta
    terms = list(qs.query.order_by or meta.ordering or ())
    order = []
    for term in terms:
        if not isinstance(term, str):
            return None
        name = term.lstrip("-")
        name = meta.pk.name if name == "pk" else name
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # a lookup through a relation: no keyset
            return None
        if not field.concrete or field.is_relation:
            return None
        order.append((field.attname, term.startswith("-")))
    unique = [name for name, _desc in order if meta.get_field(name).unique]
    if not unique:
        order.append((meta.pk.attname, order[-1][1] if order else True))
    return order


def _beyond(order, values, forward):
    """Rows after (``forward``) or before the row whose sort key is ``values``: the first
    column's bound (so an index on it starts there) and the lexicographic comparison."""
    name, desc = order[0]
    bound = Q(**{f"{name}__{'lte' if desc == forward else 'gte'}": values[0]})
    either, equal = Q(), {}
    for (name, desc), value in zip(order, values, strict=True):
        either |= Q(**equal, **{f"{name}__{'lt' if desc == forward else 'gt'}": value})
        equal[name] = value
    return bound & either


def _cursor(order, row):
    values = [getattr(row, name) for name, _desc in order]
    return json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])


def _read_cursor(model, order, text):
    """The sort key in an ``after``/``before`` parameter, or ``None`` (a hand-edited link: the
    first page)."""
    try:
        values = json.loads(text)
        if not isinstance(values, list) or len(values) != len(order):
            return None
        fields = [model._meta.get_field(name) for name, _desc in order]
        return [f.to_python(v) for f, v in zip(fields, values, strict=True)]
    except (ValueError, TypeError, ValidationError):
        return None


def window(request, qs, size=30):
    """The requested page of ``qs`` without counting it: one row more than shown tells whether
    there is a next page. Pages 1..``KEYSET_FROM`` by number (OFFSET); further pages by the sort
    key of the row before (``after``) or after (``before``) them, for any ordering of plain
    columns (the primary key is added as the last key when no ordered column is unique). A page
    number past ``KEYSET_FROM`` without a key is read as ``KEYSET_FROM``."""
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    number = page_number(request)
    order = _keyset_order(qs)
    values, forward = None, True
    if order is not None:
        qs = qs.order_by(*(("-" if desc else "") + name for name, desc in order))
        for key in ("after", "before"):
            if request.GET.get(key):
                values = _read_cursor(qs.model, order, request.GET[key])
                forward = key == "after"
                break
        if values is None:
            number = min(number, KEYSET_FROM)
        else:
            number = max(number, 2)
    if values is None:
        start = (number - 1) * size
        rows = list(qs[start : start + size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
    elif forward:
        rows = list(qs.filter(_beyond(order, values, True))[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
    else:
        rows = list(qs.reverse().filter(_beyond(order, values, False))[: size + 1])
        rows = rows[:size][::-1]
        has_next = True

    def link(page, **cursor):
        q = query.copy()
        q["page"] = str(page)
        for key, value in cursor.items():
            q[key] = value
        return q.urlencode()

    following = number + 1
    if has_next and order is not None and following > KEYSET_FROM:
        next_query = link(following, after=_cursor(order, rows[-1]))
    else:
        next_query = link(following)
    previous = number - 1
    if previous > KEYSET_FROM and rows:
        previous_query = link(previous, before=_cursor(order, rows[0]))
    else:
        previous_query = link(previous)
    return Window(rows, number, has_next, next_query, previous_query)
