"""Writing many new members at once on PostgreSQL (roster imports, ``gonghui seed``).

Members go in with ``COPY`` (ids reserved from the sequence first); their join events and
audit rows are then derived from the new rows in one ``INSERT … SELECT`` each, so the database
does the per-row work set-based. Search keys are written with ``COPY`` as well, inline for
ordinary imports and by a background task after very large ones (``index_members``).
"""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction

from gonghui.core.pgcopy import copy, copy_text

MEMBER_COLUMNS = [
    "id",
    "org_id",
    "org_path",
    "employer_id",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "id_number_index",
    "id_tail",
    "phone",
    "phone_index",
    "phone_tail",
    "education",
    "political_status",
    "employment_form",
    "join_date",
    "card_number",
    "status",
    "version",
    "created_at",
    "updated_at",
]


def reserve_ids(cursor, count):
    """``count`` fresh member ids from the table's sequence (safe beside concurrent writers)."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence('members_member', 'id')) "
        "FROM generate_series(1, %s)",
        [count],
    )
    return [row[0] for row in cursor.fetchall()]


EVENT_COLUMNS = [
    "member_id",
    "kind",
    "on_date",
    "from_status",
    "to_status",
    "from_org_id",
    "to_org_id",
    "note",
    "actor_id",
    "created_at",
]


def joined_events(*, actor, org, note):
    """A function giving the COPY line of a new member's join event (the member's own history,
    as ``services.create_member`` writes it) from its id and join date. The audit trail of an
    import is one event for the job, whose row log names the members (DESIGN.md §3 Imports;
    decision 0014)."""
    from gonghui.core import audit

    from .models import EventKind, MemberStatus

    context = audit.bulk_context(actor, org)
    # from_status (none), to_status, from_org (none), to_org, note, actor, created_at
    tail = (
        f"\t\t{MemberStatus.ACTIVE.value}\t\\N\t{org.pk}\t{copy_text(note)}\t"
        f"{copy_text(context['actor_id'])}\t{context['now'].isoformat()}\n"
    )
    kind = EventKind.JOIN.value
    return lambda pk, join_date: f"{pk}\t{kind}\t{join_date}{tail}"


def write_batch(raw_connection, member_text, key_text, event_text):
    """COPY one batch of new members, their keys (if any) and their join events.

    The batch's foreign keys (Django declares them ``DEFERRABLE INITIALLY DEFERRED``) are
    checked as each statement ends, here in the writer's thread while the caller checks the
    next batch, instead of all at once when the import's transaction commits (0.4 s of 2.5 s
    for 20,000 rows, with nothing else running). ``SET CONSTRAINTS ALL IMMEDIATE`` also runs
    any checks still pending from earlier statements of the transaction; they would have run
    at commit and fail the import the same way. Back to deferred afterwards, for the rest of
    the transaction."""
    with raw_connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        copy(cursor, "members_member", MEMBER_COLUMNS, member_text)
        copy(cursor, "members_membersearchkey", ["member_id", "key"], key_text)
        copy(cursor, "members_membershipevent", EVENT_COLUMNS, event_text)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class BackgroundWriter:
    """Writes a batch on the *same* database connection (so in the same transaction) from a
    thread while the caller reads and checks the next batch: the database's work and Python's
    overlap on two cores. psycopg serialises the connection's use, so the caller's own queries
    simply wait for the batch in flight. One batch in flight at a time; ``wait`` re-raises a
    failed write in the caller, and must be called before the transaction ends."""

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gonghui-copy")
        self.pending = None

    def submit(self, function, *args):
        self.wait()
        self.pending = self.executor.submit(function, self.raw, *args)

    def wait(self):
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self):
        try:
            self.wait()
        finally:
            self.executor.shutdown(wait=True)


class Probe:
    """A second connection (autocommit) for the roster import's existence probes while a batch
    is in flight on the import's own connection: checking batch N+1 need not wait for batch N's
    COPY, so Python and PostgreSQL overlap. It sees what others committed; what the import wrote
    itself it knows in Python (ID numbers and card numbers already seen in the file). A probe
    that finds something sends the caller back to its full query on the import's connection."""

    def __init__(self, django_connection):
        import psycopg

        params = dict(django_connection.get_connection_params())
        for name in ("cursor_factory", "context", "prepare_threshold"):
            params.pop(name, None)
        self.conn = psycopg.connect(**params, autocommit=True)

    def any_id_index(self, indexes):
        return self._any("id_number_index", indexes)

    def any_card(self, cards):
        return self._any("card_number", cards)

    def _any(self, column, values):
        if not values:
            return False
        found = self.conn.execute(
            f"SELECT 1 FROM members_member WHERE {column} = ANY(%s) LIMIT 1",  # noqa: S608
            [list(values)],
        ).fetchone()
        return found is not None

    def reserve_ids(self, count):
        """Member ids from the sequence on this connection (``nextval`` is outside every
        transaction anyway), so the caller need not wait for the batch in flight."""
        with self.conn.cursor() as cursor:
            return reserve_ids(cursor, count)

    def close(self):
        self.conn.close()


def index_members(ids, batch=20_000):
    """Write the search keys of the members ``ids`` that have none (after a large import).
    Returns how many members were keyed."""
    from django.db.models import Exists, OuterRef

    from .models import Member, MemberSearchKey
    from .search import copy_rows

    done = 0
    ids = sorted(ids)
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic(), connection.cursor() as cursor:
            keyed = MemberSearchKey.objects.filter(member_id=OuterRef("pk"))
            members = (
                Member.unscoped.filter(pk__in=chunk)
                .exclude(Exists(keyed))
                .only("id", "name", "id_number", "phone")
            )
            text = "".join(copy_rows(m.pk, m.name, m.id_number, m.phone) for m in members)
            copy(cursor.cursor, "members_membersearchkey", ["member_id", "key"], text)
            done += len(chunk)
    return done
