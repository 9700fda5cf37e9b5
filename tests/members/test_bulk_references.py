"""The roster import's foreign keys checked once a batch (decision 0018): every referenced row
is checked to exist and locked as PostgreSQL's own per-row check would, a missing one refuses
the batch with nothing written, and a role that may not skip the triggers writes as before."""

import uuid
from types import SimpleNamespace

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from gonghui.core import pgcopy
from gonghui.core.imports import services as imports
from gonghui.core.models import ImportJob, RoleAssignment
from gonghui.core.scoping import scopes_disabled
from gonghui.members import bulk
from gonghui.members.models import Member, MemberSearchKey, MembershipEvent
from gonghui.orgs.models import Employer
from tests.conftest import acting

# (table written, its COPY columns, its model)
COPIED = [
    (Member, bulk.MEMBER_COLUMNS),
    (MemberSearchKey, ["member_id", "key"]),
    (MembershipEvent, bulk.EVENT_COLUMNS),
]


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("COPY and session_replication_role are PostgreSQL's")


def test_every_foreign_key_a_batch_writes_is_checked():
    """A foreign-key column added to the COPY without naming its table in ``batch_references``
    would be written unchecked: this fails first."""
    checked = set(bulk.batch_references(org=SimpleNamespace(pk=1), actor_id=1, employer_ids=[]))
    written_first = Member._meta.db_table  # the batch's own members, written before the rest
    for model, columns in COPIED:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.column in columns:
                target = field.related_model._meta.db_table
                assert target in checked or target == written_first, (model, field.name)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_missing_referenced_row_refuses_the_batch_before_anything_is_written(cast):
    _postgres_only()
    gone = (Employer.unscoped.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with transaction.atomic():
        before = Member.unscoped.count()
        raw = connection.connection
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match=f"orgs_employer.*{gone}"):
            bulk.write_batch(
                raw,
                "",
                "",
                "",
                bulk.batch_references(org=cast.union_a, actor_id=None, employer_ids=[gone]),
            )
        assert Member.unscoped.count() == before
        with raw.cursor() as cursor:  # the triggers were not left off
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_referenced_rows_stay_locked_until_the_transaction_ends(cast):
    """What PostgreSQL's per-row check guarantees: a referenced row cannot be deleted or its key
    changed while the rows pointing at it are not committed."""
    _postgres_only()
    params = {
        k: v
        for k, v in connection.get_connection_params().items()
        if k not in ("cursor_factory", "context", "prepare_threshold")
    }
    with psycopg.connect(**params, autocommit=True) as other:
        grab = "SELECT 1 FROM orgs_employer WHERE id = %s FOR UPDATE NOWAIT"
        with transaction.atomic():
            with connection.connection.cursor() as cursor:
                with pgcopy.references_checked_once(
                    cursor, {"orgs_employer": [cast.employer_a.pk]}
                ):
                    cursor.execute("SHOW session_replication_role")
                    assert cursor.fetchone()[0] == "replica"
                cursor.execute("SHOW session_replication_role")
                assert cursor.fetchone()[0] == "origin"
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(grab, [cast.employer_a.pk])
            other.execute(grab, [cast.employer_b.pk])  # only the referenced rows
        other.execute(grab, [cast.employer_a.pk])  # released with the transaction


@pytest.mark.postgres
@pytest.mark.django_db
def test_only_a_role_allowed_to_set_the_replication_role_skips_the_triggers():
    _postgres_only()
    role = f"gh_test_{uuid.uuid4().hex[:12]}"
    with transaction.atomic(), connection.connection.cursor() as cursor:
        assert pgcopy.may_skip_triggers(cursor)  # the suite's superuser
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")  # rolled back with the test
        cursor.execute(f"SET LOCAL ROLE {role}")
        assert not pgcopy.may_skip_triggers(cursor)
        cursor.execute("RESET ROLE")
        cursor.execute(f"GRANT SET ON PARAMETER session_replication_role TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        assert pgcopy.may_skip_triggers(cursor)
        cursor.execute("RESET ROLE")


def _import(cast, rows):
    data = ("名册\n姓名,身份证号,性别,手机号,入会日期,工作单位\n" + rows).encode()
    with acting(cast.chair_a):
        assignment = RoleAssignment.objects.get(user=cast.chair_a, org=cast.union_a)
        job = imports.start_import(
            actor=cast.chair_a,
            assignment=assignment,
            importer_key="members",
            org=cast.union_a,
            upload=SimpleUploadedFile("roster.csv", data, content_type="text/csv"),
        )
        return imports.commit_job(job, "all")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_checks_each_batch_once_and_writes_the_same_rows(cast, monkeypatch):
    _postgres_only()
    seen = []
    checked_once = pgcopy.references_checked_once

    def recording(cursor, referenced):
        seen.append({table: sorted(ids) for table, ids in referenced.items()})
        return checked_once(cursor, referenced)

    monkeypatch.setattr(bulk, "references_checked_once", recording)
    employer = cast.employer_a.name
    job = _import(
        cast,
        f"张三,110101199003070038,男,13800138000,2020-01-05,{employer}\n"
        "李四娜,110101199208150023,女,13900139000,2021-03-01,\n",
    )
    assert job.status == ImportJob.Status.DONE, job.message
    assert seen == [
        {
            "orgs_org": [cast.union_a.pk],
            "core_user": [cast.chair_a.pk],
            "orgs_employer": [cast.employer_a.pk],
        }
    ]
    with scopes_disabled():
        zhang = Member.unscoped.get(org=cast.union_a, name="张三")
        li = Member.unscoped.get(org=cast.union_a, name="李四娜")
        assert zhang.employer_id == cast.employer_a.pk and li.employer_id is None
        events = MembershipEvent.objects.filter(member__in=[zhang, li], kind="join")
        assert {(e.actor_id, e.to_org_id) for e in events} == {(cast.chair_a.pk, cast.union_a.pk)}
        assert MemberSearchKey.objects.filter(member=zhang).exists()
