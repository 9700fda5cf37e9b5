"""A secret ballot cannot be joined to its voter: proven on the schema and on the stored rows."""

import threading
import uuid

import pytest
from django.db import connection
from django.db.models import DateField, DateTimeField, ForeignKey

from gonghui.assemblies import services
from gonghui.assemblies.models import AnonymousBallot, OpenVote, Participation
from gonghui.core.models import AuditEvent
from tests.conftest import acting

from .helpers import check_in_all, make_congress, make_session, vote_users


def test_ballot_schema_has_no_voter_and_no_time():
    fields = AnonymousBallot._meta.get_fields()
    names = {f.name for f in fields}
    assert names == {"id", "poll", "choices", "receipt_hash"}
    fks = {f.related_model._meta.label for f in fields if isinstance(f, ForeignKey)}
    assert fks == {"assemblies.Poll"}
    assert not [f for f in fields if isinstance(f, DateTimeField | DateField)]
    assert isinstance(AnonymousBallot._meta.pk, type(AnonymousBallot._meta.get_field("id")))
    assert AnonymousBallot._meta.pk.get_internal_type() == "UUIDField"
    # Participation: who voted, never what, and no time or ascending key to line it up with.
    p_names = {f.name for f in Participation._meta.get_fields()}
    assert p_names == {"id", "poll", "delegate"}
    assert Participation._meta.pk.get_internal_type() == "UUIDField"


@pytest.mark.django_db
def test_database_columns_of_the_ballot_table():
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, AnonymousBallot._meta.db_table
            )
        }
        relations = connection.introspection.get_relations(cursor, AnonymousBallot._meta.db_table)
    assert columns == {"id", "poll_id", "choices", "receipt_hash"}
    assert {target for _col, (_field, target) in relations.items()} == {"assemblies_poll"}


@pytest.mark.django_db
def test_stored_rows_cannot_be_joined(cast):
    congress, people = make_congress(cast, seats=12, delegates=12)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="合同"
        )
        services.open_poll(actor=cast.chair_a, poll=poll)
    votes = ["for"] * 8 + ["against"] * 4
    codes = [
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": v})
        for d, v in zip(people, votes, strict=True)
    ]
    ballots = list(AnonymousBallot.objects.filter(poll=poll).values())
    parts = list(Participation.objects.filter(poll=poll).values())
    # Every ballot row holds only its random id, the poll, the choice and a hash.
    for row in ballots:
        assert set(row) == {"id", "poll_id", "choices", "receipt_hash"}
        assert isinstance(row["id"], uuid.UUID) and row["id"].version == 4
    # Nothing in a ballot names a delegate, member or user, nor a receipt code in clear.
    voter_ids = {str(x) for d in people for x in (d.pk, d.member_id, d.member.user_id)}
    for row in ballots:
        text = str(row["choices"]) + row["receipt_hash"]
        assert not any(code in text for code in codes)
        assert row["receipt_hash"] not in {str(p["id"]) for p in parts}
    # Primary keys are random on both sides: sorting either table by key does not reproduce the
    # order of voting (the chance that 12 random UUIDs come out in order is 1 / 12!).
    ballot_order = [b["choices"]["vote"] for b in sorted(ballots, key=lambda b: b["id"])]
    part_order = [p["delegate_id"] for p in sorted(parts, key=lambda p: p["id"])]
    assert part_order != [d.pk for d in people]
    assert sorted(ballot_order) == sorted(votes)
    # Physical order (rowid / ctid) is random too: ballots are rewritten shuffled on every vote.
    digests = [services.receipt_hash(poll.pk, code) for code in codes]
    table = AnonymousBallot._meta.db_table
    place = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt_hash FROM {table} ORDER BY {place}")  # noqa: S608
        stored_order = [row[0] for row in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT COUNT(DISTINCT xmin::text) FROM {table}")  # noqa: S608
            assert cursor.fetchone()[0] == 1  # one writer for all ballots: nothing to line up
    assert sorted(stored_order) == sorted(digests)
    assert stored_order != digests
    # No open-vote rows for a secret poll, no audit event naming a voter.
    assert not OpenVote.objects.filter(poll=poll).exists()
    assert not AuditEvent.objects.filter(actor__in=[d.member.user for d in people]).exists()
    events = AuditEvent.objects.filter(object_type="assemblies.poll", object_id=str(poll.pk))
    for event in events:
        assert not voter_ids & {str(v) for v in (event.extra or {}).values()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_votes_by_one_delegate_count_once(cast):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL")
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="并发"
        )
        services.open_poll(actor=cast.chair_a, poll=poll)
    poll.refresh_from_db()
    outcomes = []
    barrier = threading.Barrier(50)

    def vote():
        from django.db import connections

        barrier.wait()
        try:
            with acting(cast.member_user):
                services.cast_vote(
                    actor=cast.member_user, poll=poll, delegate=people[0], choices={"vote": "for"}
                )
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "ValidationError"}
    assert Participation.objects.filter(poll=poll).count() == 1
    assert AnonymousBallot.objects.filter(poll=poll).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ballots_share_one_writer_transaction_on_postgres(cast):
    """Each vote commits on its own; afterwards no ballot's xmin matches an earlier voter's."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin exists on PostgreSQL only")
    congress, people = make_congress(cast, delegates=4)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="合同"
        )
        services.open_poll(actor=cast.chair_a, poll=poll)
    for d, vote in zip(people, ["for", "against", "for", "abstain"], strict=True):
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": vote})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM assemblies_anonymousballot WHERE poll_id = %s",
            [poll.pk],
        )
        ballot_writers = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT xmin::text FROM assemblies_participation WHERE poll_id = %s", [poll.pk]
        )
        participation_writers = [row[0] for row in cursor.fetchall()]
    assert len(ballot_writers) == 1
    assert len(set(participation_writers)) == 4
    # Only the last voter's transaction wrote the ballots, and it wrote all four of them.
    assert len(ballot_writers & set(participation_writers)) == 1
