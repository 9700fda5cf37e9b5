"""Test set-up: fixed keys, the immediate task backend, and the standing cast.

The cast (STYLE.md): ``district_admin`` at the district; ``street_admin`` at street S; ``chair_a``
and ``staff_a`` at grassroots union A; ``chair_b`` at its sibling B (who must see nothing of A);
``reviewer`` at the district; ``member`` (a member of A). Everything belonging to union A is
named with the marker ``甲``-prefixed names so leak tests can search responses for it.
"""

from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gonghui.core.access import scope_for_assignment
from gonghui.core.scoping import activate, scopes_disabled

# Property tests run without deadlines: the machine is shared and its timing is noisy, so a
# slow example says nothing about the code (STYLE.md; issue 20). Fixtures are function-scoped
# on purpose (each example gets its own rows inside the test's transaction).
hypothesis_settings.register_profile(
    "gonghui", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hypothesis_settings.load_profile("gonghui")

PASSWORD = "test-pass-123!"
MARKER_A = "甲工会"


@pytest.fixture(autouse=True)
def _scopes_off_in_test_bodies(settings, tmp_path):
    """Test bodies run unscoped (set-up); requests and ``acting`` bring their own scope."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
    from django.core.cache import cache

    cache.clear()  # login throttles and rate limits must not carry over between tests
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in another language leaves that language active in the worker's thread
    (``LocaleMiddleware`` activates it and nothing resets it), and a later test on the same
    worker would read English where it expects Chinese: every test ends back on the default."""
    yield
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _flush_may_truncate_payments(request):
    """PostgreSQL refuses TRUNCATE of payments (assistance 0007); the runner's flush after a
    transactional test is the one deliberate wipe, so it switches the guard off for itself."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.settings_dict.get("TEST", {}).get("MIRROR"):
            continue  # the replica mirror (core/replicas.py) is the same database, not flushed
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET gonghui.allow_payment_truncate = 'on'")


def _user(username, full_name):
    from gonghui.core.models import User

    user = User.objects.create(username=username, full_name=full_name)
    user.set_password(PASSWORD)
    user.save()
    return user


def _assign(user, org, role):
    from gonghui.core.models import RoleAssignment

    return RoleAssignment.objects.create(user=user, org=org, role=role)


@pytest.fixture
def cast(db):
    from gonghui.orgs.models import Employer, Org

    def child(parent, code, kind, name):
        return Org.objects.add_child(parent, {"code": code, "kind": kind, "name": name})

    district = Org.objects.add_root({"code": "D", "kind": "district", "name": "测试区总工会"})
    street = child(district, "S1", "street", "测试街道工会")
    union_a = child(street, "A", "grassroots", f"{MARKER_A}（甲公司工会）")
    group_a = child(union_a, "A1", "group", f"{MARKER_A}一组")
    union_b = child(street, "B", "grassroots", "乙公司工会")
    other_street = child(district, "S2", "street", "另一街道工会")
    employer_a = Employer.unscoped.create(
        org=union_a,
        name=f"{MARKER_A}机械有限公司",
        credit_code="91320102MA1000001" + _ck("91320102MA1000001"),
        industry="manufacturing",
        ownership="private",
        headcount=300,
    )
    employer_b = Employer.unscoped.create(
        org=union_b,
        name="乙物流有限公司",
        credit_code="91320102MA1000002" + _ck("91320102MA1000002"),
        industry="logistics",
        ownership="private",
        headcount=120,
    )
    people = SimpleNamespace(
        district=district,
        street=street,
        union_a=union_a,
        group_a=group_a,
        union_b=union_b,
        other_street=other_street,
        employer_a=employer_a,
        employer_b=employer_b,
    )
    for attr, username, name, org, role in [
        ("district_admin", "district", "区管理员", district, "district_admin"),
        ("street_admin", "street", "街道管理员", street, "union_admin"),
        ("chair_a", "chair-a", "甲主席", union_a, "union_admin"),
        ("staff_a", "staff-a", "甲干事", union_a, "union_staff"),
        ("chair_b", "chair-b", "乙主席", union_b, "union_admin"),
        ("reviewer", "reviewer", "审核人", district, "reviewer"),
        ("member_user", "member-a", "甲会员", union_a, "member"),
    ]:
        user = _user(username, name)
        assignment = _assign(user, org, role)
        setattr(people, attr, user)
        setattr(people, f"{attr}_assignment", assignment)
    return people


def _ck(body):
    from stdnum.cn import uscc

    return uscc.calc_check_digit(body)


@contextmanager
def acting(user):
    """Run service calls as ``user`` in their first role assignment's scope."""
    from gonghui.core.access import assignments_of

    assignment = assignments_of(user)[0]
    with activate(scope_for_assignment(assignment)):
        yield assignment


@pytest.fixture
def login(client):
    """``login(user)`` returns a test client logged in as ``user``."""
    from django.test import Client

    def _login(user):
        c = Client()
        c.force_login(user)
        return c

    return _login
