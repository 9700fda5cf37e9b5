"""PostgreSQL ``COPY … FROM STDIN`` in its text format, for the bulk write paths (roster
imports, ``gonghui seed``, funds statements and remittances): build the rows as text with
``copy_text`` and send them with ``copy``."""

import datetime
from contextlib import contextmanager

import psycopg

# What text needs in COPY's text format: a backslash doubled; tab, newline and carriage return
# (never wanted inside a value) as spaces. ``value.translate(COPY_ESCAPES)`` is ``copy_text``
# of a ``str``, for loops that know they have one.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})


def copy_text(value):
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value).translate(COPY_ESCAPES)


def copy(cursor, table, columns, text):
    """COPY tab-separated ``text`` into ``table``."""
    if not text:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
        stream.write(text)


def may_skip_triggers(cursor):
    """Whether this connection's role may set ``session_replication_role`` (a superuser, or on
    PostgreSQL 15+ a role granted ``SET ON PARAMETER session_replication_role``), which
    ``references_checked_once`` needs; without it the caller writes as usual."""
    cursor.execute("SELECT current_setting('server_version_num')::int >= 150000")
    if cursor.fetchone()[0]:
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    else:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
    return bool(cursor.fetchone()[0])


@contextmanager
def references_checked_once(cursor, referenced):
    """COPY rows inside the block with their foreign keys checked here, once per referenced
    row, instead of by PostgreSQL's per-row triggers (a third of the database's time in a
    roster import: each check is a query and a row lock; decision 0018).

    ``referenced`` maps each table the block's rows point at, other than rows the block itself
    writes first, to the ids they use. Each referenced row is checked to exist and locked
    ``FOR KEY SHARE`` until the transaction ends, which is what PostgreSQL's check does for
    every row: it cannot be deleted, or its key changed, under the new rows. A missing one
    raises ``ForeignKeyViolation`` before anything is written. Inside the block the
    transaction writes with ``session_replication_role = replica`` (the tables' triggers,
    foreign-key checks among them, do not fire); unique indexes, NOT NULL and CHECK
    constraints hold as ever. The caller must be allowed to (``may_skip_triggers``) and must
    name every referenced table: ``tests/members/test_bulk_references.py`` checks the roster
    import's columns against the models' foreign keys."""
    for table, ids in referenced.items():
        wanted = sorted({pk for pk in ids if pk is not None})
        if not wanted:
            continue
        cursor.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608 (a table name of ours)
            [wanted],
        )
        missing = set(wanted) - {row[0] for row in cursor.fetchall()}
        if missing:
            raise psycopg.errors.ForeignKeyViolation(
                f"{table}: no row with id {', '.join(map(str, sorted(missing)[:5]))}"
            )
    cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    # not in a finally: after an error the transaction is rolled back, and the setting with it
    cursor.execute("SET LOCAL session_replication_role = origin")
