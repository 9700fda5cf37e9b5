"""The shared pager of list pages: a page of rows with its total where counting is cheap, and a
capped count ("1,000+") where the list can be huge (the audit log, outboxes), so that no page
counts a whole table per request. Rendered by ``core/_pager.html``."""

from django.core.paginator import Paginator
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
