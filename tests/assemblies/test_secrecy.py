"""A secret ballot cannot be joined to its voter: proven on the schema and on the stored rows."""

import logging
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import DateField, DateTimeField, ForeignKey

from gonghui.assemblies import services
from gonghui.assemblies.models import AnonymousBallot, Participation, SealedBallot
from gonghui.core.models import AuditEvent
from tests.conftest import acting

from .helpers import SCRUTINEERS, UNLOCK, check_in_all, make_congress, make_session, vote_users


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
    # Sealed ballot: random id, the poll, ciphertext. Nothing else.
    assert {f.name for f in SealedBallot._meta.get_fields()} == {"id", "poll", "sealed"}
    assert SealedBallot._meta.pk.get_internal_type() == "UUIDField"


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


def _resolution_poll(cast, delegates):
    congress, people = make_congress(cast, seats=delegates, delegates=delegates)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="合同"
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    return poll, people


@pytest.mark.django_db
def test_ballots_are_ciphertext_until_the_scrutineers_open_them(cast):
    poll, people = _resolution_poll(cast, 12)
    votes = ["for"] * 8 + ["against"] * 4
    codes = [
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": v})
        for d, v in zip(people, votes, strict=True)
    ]
    digests = [services.receipt_hash(poll.pk, code) for code in codes]
    # While the poll is open nothing in clear: no plain ballot, only sealed ones of one length.
    assert not AnonymousBallot.objects.filter(poll=poll).exists()
    sealed = [bytes(b.sealed) for b in SealedBallot.objects.filter(poll=poll)]
    assert len(sealed) == 12
    assert {len(b) for b in sealed} == {256 + 48}  # padded: "for" and "against" look alike
    for blob in sealed:
        assert b"for" not in blob and b"against" not in blob
        assert not any(d.encode() in blob for d in digests)
    # The server holds the public key and two wrapped halves, never the private key.
    poll.refresh_from_db()
    assert len(bytes(poll.public_key)) == 32
    assert [(s.name, s.is_chief) for s in poll.scrutineers.all()] == [
        ("赵总监", True),
        ("钱监票", False),
        ("孙监票", False),
    ]
    with acting(cast.chair_a), pytest.raises(ValidationError) as wrong:
        services.close_poll(
            actor=cast.chair_a, poll=poll, chief_passphrase="chief-pass-1", member_passphrase="x"
        )
    assert wrong.value.message_dict == {"member_passphrase": ["监票人口令不正确"]}
    with acting(cast.chair_a), pytest.raises(ValidationError) as wrong:
        services.close_poll(
            actor=cast.chair_a,
            poll=poll,
            chief_passphrase="member-pass-1",
            member_passphrase="member-pass-1",
        )
    assert wrong.value.message_dict == {"chief_passphrase": ["总监票人口令不正确"]}
    poll.refresh_from_db()
    assert poll.status == "open" and SealedBallot.objects.filter(poll=poll).count() == 12
    # 总监票人 and one 监票人 open it: plain ballots in, sealed ones and the key halves gone.
    with acting(cast.chair_a):
        poll = services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    assert (poll.result["yes"], poll.result["no"], poll.result["abstain"]) == (8, 4, 0)
    assert not SealedBallot.objects.filter(poll=poll).exists()
    assert {(bytes(s.salt), bytes(s.wrapped_share)) for s in poll.scrutineers.all()} == {(b"", b"")}
    plain = list(AnonymousBallot.objects.filter(poll=poll).values())
    assert sorted(row["receipt_hash"] for row in plain) == sorted(digests)
    assert sorted(row["choices"]["vote"] for row in plain) == sorted(votes)
    assert all(services.receipt_counted(poll, code) for code in codes)
    close = AuditEvent.objects.get(action="assemblies.poll.close", object_id=str(poll.pk))
    assert close.extra["unlocked_by"] == "赵总监（总监票人）、孙监票（监票人）"


@pytest.mark.django_db
def test_one_scrutineer_alone_cannot_open_the_ballots(cast):
    poll, people = _resolution_poll(cast, 3)
    d = people[0]
    services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": "for"})
    for chief, member in (
        ("chief-pass-1", ""),
        ("", "member-pass-1"),
        ("member-pass-1", "member-pass-2"),
    ):
        with acting(cast.chair_a), pytest.raises(ValidationError):
            services.close_poll(
                actor=cast.chair_a, poll=poll, chief_passphrase=chief, member_passphrase=member
            )
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    assert not AnonymousBallot.objects.filter(poll=poll).exists()


@pytest.mark.django_db
def test_no_table_log_or_audit_row_links_a_plain_ballot_to_a_voter(cast, caplog):
    """After closing, every row of every table is read back: a plain ballot's id, receipt hash
    or choices appear only in the ballot table, which names no voter; no log line carries them."""
    caplog.set_level(logging.DEBUG)
    poll, people = _resolution_poll(cast, 6)
    votes = ["for", "against", "for", "abstain", "for", "against"]
    codes = [
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": v})
        for d, v in zip(people, votes, strict=True)
    ]
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    ballots = list(AnonymousBallot.objects.filter(poll=poll))
    needles = set(codes)
    for b in ballots:
        needles |= {str(b.id), b.id.hex, b.receipt_hash}
    ballot_table = AnonymousBallot._meta.db_table
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                hits = {n for n in needles if n in text}
                if hits:
                    found.setdefault(table, 0)
                    found[table] += 1
    # Only the ballot table holds ballot ids or receipt hashes, one row per ballot, and its
    # columns (checked above) name no delegate, member, user or time.
    assert found == {ballot_table: 6}
    assert not SealedBallot.objects.exists()
    assert not any(n in record.getMessage() for record in caplog.records for n in needles)
    # No audit row is written by a voter, and none names a voter beside the poll.
    voters = [d.member.user for d in people]
    assert not AuditEvent.unscoped.filter(actor__in=voters).exists()
    events = AuditEvent.unscoped.filter(object_type="assemblies.poll", object_id=str(poll.pk))
    assert {e.action: e.extra for e in events} == {
        "assemblies.poll.create": {},
        "assemblies.poll.open": {
            "scrutineers": "赵总监（总监票人）、钱监票（监票人）、孙监票（监票人）"
        },
        "assemblies.poll.close": {
            "present": 6,
            "total": 6,
            "unlocked_by": "赵总监（总监票人）、孙监票（监票人）",
        },
    }


@pytest.mark.django_db
def test_plain_ballots_are_written_shuffled_at_closing(cast):
    poll, people = _resolution_poll(cast, 12)
    codes = [
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": "for"})
        for d in people
    ]
    sealed_ids = set(SealedBallot.objects.filter(poll=poll).values_list("id", flat=True))
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    plain_ids = set(AnonymousBallot.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(plain_ids) == 12 and not plain_ids & sealed_ids  # fresh ids
    digests = [services.receipt_hash(poll.pk, code) for code in codes]
    table = AnonymousBallot._meta.db_table
    place = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt_hash FROM {table} ORDER BY {place}")  # noqa: S608
        stored_order = [row[0] for row in cursor.fetchall()]
    assert sorted(stored_order) == sorted(digests)
    # 12 ballots keep the voting order by chance once in 12! (4.8e8) runs.
    assert stored_order != digests


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
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
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
    assert SealedBallot.objects.filter(poll=poll).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_plain_ballots_share_the_closing_transaction_on_postgres(cast):
    """Each vote commits on its own; the plain ballots are all written by the closing transaction,
    which wrote no participation."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin exists on PostgreSQL only")
    poll, people = _resolution_poll(cast, 4)
    for d, vote in zip(people, ["for", "against", "for", "abstain"], strict=True):
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": vote})
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
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
    assert not ballot_writers & set(participation_writers)
