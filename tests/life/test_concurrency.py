"""Sign-up for the last places under concurrency, proven on PostgreSQL (real row locks, one
connection per thread): 100 members ask for the last 10 places of an activity at once; exactly
10 are confirmed and the other 90 wait in the order their sign-ups were taken.

PostgreSQL's default ``max_connections`` is 100, so the 100 sign-ups run on 40 threads (40
connections at a time), each thread signing up its share of members as fast as it can."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from gonghui.core.scoping import scopes_disabled
from gonghui.life.models import Signup
from gonghui.life.services import activities
from tests.conftest import acting
from tests.life.factories import make_activity, make_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 40


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")


def test_hundred_members_for_the_last_ten_places(cast):
    activity = make_activity(cast.chair_a, cast.union_a, quota=15, hours=Decimal("1.0"))
    for i in range(5):  # five places already taken
        m = make_member(cast.union_a, f"先报{i}")
        with acting(m.user):
            activities.sign_up(actor=m.user, activity=activity)
    members = [make_member(cast.union_a, f"抢报{i}", phone=False) for i in range(100)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(share):
        try:
            barrier.wait()
            for m in share:
                with scopes_disabled(), acting(m.user):
                    activities.sign_up(actor=m.user, activity=activity)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(members[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    racing = Signup.unscoped.filter(activity=activity, member__in=members)
    assert racing.filter(status="confirmed").count() == 10
    assert racing.filter(status="waitlisted").count() == 90
    assert Signup.unscoped.filter(activity=activity, status="confirmed").count() == 15
    # In order: every confirmed sign-up was taken before every waiting one, and the queue's
    # order (time, then id) is the order in which the row lock let them in (ids agree).
    ordered = list(racing.order_by("signed_at", "id").values_list("status", "id"))
    assert [s for s, _ in ordered] == ["confirmed"] * 10 + ["waitlisted"] * 90
    assert [i for _, i in ordered] == sorted(i for _, i in ordered)


def test_course_quota_holds_under_concurrent_enrolment(cast):
    """30 members enrol at once for a course of 8 places: exactly 8 enrolments, 22 refusals
    (名额已满), nothing else."""
    from django.core.exceptions import ValidationError

    from gonghui.life.models import Enrolment
    from gonghui.life.services import courses
    from tests.life.factories import make_course

    course = make_course(cast.chair_a, cast.union_a, quota=8)
    members = [make_member(cast.union_a, f"抢课{i}", phone=False) for i in range(30)]
    barrier = threading.Barrier(10)
    refused, errors = [], []

    def worker(share):
        try:
            barrier.wait()
            for m in share:
                with scopes_disabled(), acting(m.user):
                    try:
                        courses.enrol(actor=m.user, course=course)
                    except ValidationError as exc:
                        refused.append(exc.messages)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(members[i::10],)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Enrolment.unscoped.filter(course=course).count() == 8
    assert refused == [["名额已满"]] * 22
