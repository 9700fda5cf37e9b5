"""Writing many new members at once on PostgreSQL (roster imports, ``gonghui seed``).

Members go in with ``COPY`` (ids reserved from the sequence first); their join events and
audit rows are then derived from the new rows in one ``INSERT … SELECT`` each, so the database
does the per-row work set-based. Search keys are written with ``COPY`` as well, inline for
ordinary imports and by a background task after very large ones (``index_members``).
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from gonghui.core import crypto

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
    "employment_form",
    "join_date",
    "card_number",
    "status",
    "version",
    "created_at",
    "updated_at",
]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})


def copy_text(value):
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


def reserve_ids(cursor, count):
    """``count`` fresh member ids from the table's sequence (safe beside concurrent writers)."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence('members_member', 'id')) "
        "FROM generate_series(1, %s)",
        [count],
    )
    return [row[0] for row in cursor.fetchall()]


def copy(cursor, table, columns, text):
    """COPY tab-separated ``text`` into ``table``."""
    if not text:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
        stream.write(text)


def encrypt(clear):
    return crypto.encrypt(clear) if clear else ""


def insert_joined(cursor, ids, *, actor, org, note, audit_extra):
    """The join event and the ``members.member.create`` audit row of each new member ``ids``
    (one statement each; the same rows ``services.create_member`` writes one at a time)."""
    from gonghui.core.audit import client_ip
    from gonghui.core.scoping import current_scope

    now = timezone.now()
    scope = current_scope(required=False)
    cursor.execute(
        "INSERT INTO members_membershipevent (member_id, kind, on_date, from_status, to_status,"
        " from_org_id, to_org_id, note, actor_id, created_at)"
        " SELECT id, 'join', join_date, '', 'active', NULL, org_id, %s, %s, %s"
        " FROM members_member WHERE id = ANY(%s)",
        [note, getattr(actor, "pk", None), now, ids],
    )
    cursor.execute(
        "INSERT INTO core_auditevent (at, actor_id, actor_name, role, org_id, org_path, action,"
        " object_type, object_id, object_repr, changes, extra, ip)"
        " SELECT %s, %s, %s, %s, %s, %s, 'members.member.create', 'members.member', id::text,"
        " left(name, 200), '{}'::jsonb, %s::jsonb, %s FROM members_member WHERE id = ANY(%s)",
        [
            now,
            getattr(actor, "pk", None),
            str(actor) if getattr(actor, "pk", None) else "",
            scope.role if scope else "",
            org.pk,
            org.path,
            audit_extra,
            client_ip.get(),
            ids,
        ],
    )


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
