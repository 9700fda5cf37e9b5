"""Reads from a streaming replica for reports (docs/scaling.md, "Read replicas for reports").

With ``GONGHUI_REPLICA_URL`` set, the settings add a ``replica`` database and this router sends
the reads of chosen pages there: GET and HEAD requests whose route matches
``GONGHUI_REPLICA_ROUTES`` (patterns over ``namespace:name``, e.g. ``reports:*``). Everything
else stays on the primary:

- every write, and every read of ``select_for_update``/``get_or_create`` (Django sends those to
  the write database);
- reads inside a transaction on the primary, so a page that refreshes a roll-up and reads it
  back sees its own write, never the replica's lagging copy;
- who the user is and what they may do (users, role assignments, sessions, 2FA devices): a
  revoked role must not live on for the replica's lag;
- every page not listed: forms, workflows, ballots, payments.

Without a replica the router answers nothing and Django uses the one database.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from fnmatch import fnmatchcase

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# apps and models that decide access: always read from the primary
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "contenttypes", "otp_totp", "otp_static"})
PRIMARY_ONLY_MODELS = frozenset(
    {
        "core.user",
        "core.roleassignment",
        "core.personalaccesstoken",
        "core.totpresetrequest",
        "core.scheduledjob",
        "core.workerheartbeat",
    }
)

_replica_reads = ContextVar("gonghui_replica_reads", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Within the block, reads that may come from the replica do (when one is configured)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def route_reads_from_replica(view_name):
    """Whether the route ``namespace:name`` is one whose reads may come from the replica."""
    patterns = getattr(settings, "GONGHUI_REPLICA_ROUTES", ())
    return bool(view_name) and any(fnmatchcase(view_name, p) for p in patterns)


class ReplicaRouter:
    """Django database router: see the module's docstring for what goes where."""

    def db_for_read(self, model, **hints):
        if not _replica_reads.get() or not replica_configured():
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None  # read your own writes
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows


class ReplicaReadsMiddleware:
    """Turns replica reads on for the view of a listed route (GET/HEAD only), off after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_reads_token", None)
            if token is not None:
                _replica_reads.reset(token)
                request._replica_reads_token = None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return None
        match = request.resolver_match
        if match is not None and route_reads_from_replica(match.view_name):
            request._replica_reads_token = _replica_reads.set(True)
        return None
