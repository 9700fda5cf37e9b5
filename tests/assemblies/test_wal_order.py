"""The write-ahead-log attack on the secret ballot, reproduced on PostgreSQL.

Whoever runs the database can read its WAL (or a backup of it): every insert is there, in the
order of writing. The attack orders ballots by where they first appear in the WAL and pairs them
with the participation rows written in the same order, which named 95 of 95 voters when ballots
were stored in clear. Here the attacker reads the raw WAL bytes of the poll's LSN range (as
superuser, with ``pg_read_binary_file``; the tests connect as postgres) and finds: the voters in
order, next to each a *sealed* ballot (ciphertext), and the ballots in clear only in one block
written at closing, after the last vote, in shuffled order.
"""

import pytest
from django.db import connection

from gonghui.assemblies import services
from gonghui.assemblies.models import AnonymousBallot, Participation, SealedBallot
from tests.conftest import acting

from .helpers import SCRUTINEERS, UNLOCK, check_in_all, make_congress, make_session, vote_users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAGE = 8192  # XLOG_BLCKSZ
SHORT_HEADER, LONG_HEADER = 24, 40  # page headers; the long one opens each segment


def _lsn(cursor, function):
    cursor.execute(f"SELECT {function}()::text")
    high, low = cursor.fetchone()[0].split("/")
    return (int(high, 16) << 32) + int(low, 16)


def _wal_records(cursor, start, end):
    """The WAL bytes between two LSNs with the page headers cut out, and a map from positions
    in that stream back to LSNs (records run on across pages, so the stream holds whole rows)."""
    cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'")
    segment = cursor.fetchone()[0]
    stream, lsns = bytearray(), []
    page_start = start - start % PAGE
    while page_start < end:
        cursor.execute(
            "SELECT file_name, file_offset FROM pg_walfile_name_offset(%s::pg_lsn)",
            [f"{page_start >> 32:X}/{page_start & 0xFFFFFFFF:X}"],
        )
        name, offset = cursor.fetchone()
        cursor.execute("SELECT pg_read_binary_file(%s, %s, %s)", [f"pg_wal/{name}", offset, PAGE])
        page = bytes(cursor.fetchone()[0])
        header = LONG_HEADER if page_start % segment == 0 else SHORT_HEADER
        lsns.append((len(stream), page_start + header))
        stream += page[header:]
        page_start += PAGE
    return bytes(stream), lsns


def _position(pages, lsn):
    """Where in the header-less stream the byte at ``lsn`` is."""
    for at, page_lsn in reversed(pages):
        if page_lsn <= lsn:
            return at + (lsn - page_lsn)
    return 0


def test_wal_order_recovers_only_ciphertext_in_voting_order(cast):
    if connection.vendor != "postgresql":
        pytest.skip("the write-ahead log is PostgreSQL's")
    congress, people = make_congress(cast, seats=10, delegates=10)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="集体合同"
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    votes = ["against", "for", "for", "abstain", "for", "against", "for", "for", "abstain", "for"]
    with connection.cursor() as cursor:
        cursor.execute("SET wal_compression = off")  # what a default server does
        opened = _lsn(cursor, "pg_current_wal_insert_lsn")
    codes = [
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": v})
        for d, v in zip(people, votes, strict=True)
    ]
    # What the attacker sees while the poll is open (or in a backup taken then).
    with connection.cursor() as cursor:
        closing = _lsn(cursor, "pg_current_wal_insert_lsn")
    participations = {p.delegate_id: p.id for p in Participation.objects.filter(poll=poll)}
    sealed = list(SealedBallot.objects.filter(poll=poll))
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    plain = list(AnonymousBallot.objects.filter(poll=poll))
    digests = [services.receipt_hash(poll.pk, code) for code in codes]
    with connection.cursor() as cursor:
        end = _lsn(cursor, "pg_current_wal_flush_lsn")
        stream, pages = _wal_records(cursor, opened, end)
    closing_at = _position(pages, closing)

    # 1. The attack works on what is written in clear: the voters, in the order they voted.
    voter_at = [stream.find(participations[d.pk].bytes) for d in people]
    assert -1 not in voter_at
    assert voter_at == sorted(voter_at)
    assert voter_at[-1] < closing_at
    # 2. Beside each voter the attacker finds that voter's ballot: sealed, ciphertext only.
    sealed_at = sorted((stream.find(b.id.bytes), bytes(b.sealed)) for b in sealed)
    bounds = [*voter_at[1:], closing_at]
    for k, (at, blob) in enumerate(sealed_at):
        assert voter_at[k] < at < bounds[k]
        assert voter_at[k] < stream.find(blob[:64]) < bounds[k]
    # 3. Nothing in clear before closing: no choice, no receipt hash, no plain ballot id.
    for digest in digests:
        assert stream.find(digest.encode()) >= closing_at
    for ballot in plain:
        assert stream.find(ballot.id.bytes) >= closing_at
    assert b"against" not in stream[:closing_at]
    assert b"abstain" not in stream[:closing_at]
    # ... where the same search finds the opened ballots once the scrutineers unlocked them.
    assert b"against" in stream[closing_at:] and b"abstain" in stream[closing_at:]
    # 4. So ordering the ballots by first appearance pairs the k-th voter with the k-th plain
    #    ballot of one block written after the last vote: the order of the shuffle at closing.
    plain_at = sorted(stream.find(b.id.bytes) for b in plain)
    assert len(plain_at) == 10 and min(plain_at) > sealed_at[-1][0]
