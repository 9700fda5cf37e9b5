"""Reads from a replica for reports (core/replicas.py): the listed pages read their figures from
the ``replica`` database, who-may-do-what and every write stay on the primary, and reads inside a
transaction on the primary stay there. In the tests the replica is a mirror of the test database
(settings), so the queries each connection receives show where the router sent them."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.replicas import REPLICA, ReplicaRouter, replica_reads, route_reads_from_replica
from gonghui.members.models import Member
from gonghui.orgs.models import Org

# committed rows, so the mirror's own connection sees what the primary's wrote
pytestmark = pytest.mark.django_db(databases=["default", REPLICA], transaction=True)

PRODUCTION_ROUTES = ["reports:*", "members:stats*", "core:audit*", "*:*export*"]


@pytest.fixture
def routes(settings):
    settings.GONGHUI_REPLICA_ROUTES = PRODUCTION_ROUTES
    return PRODUCTION_ROUTES


def _tables(captured):
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_the_dashboard_reads_its_figures_from_the_replica(cast, login, routes):
    client = login(cast.district_admin)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "orgs_org" in _tables(replica)
    # who the user is and their roles come from the primary, never from the lagging copy
    assert "core_user" in _tables(primary) and "core_roleassignment" in _tables(primary)
    assert "core_user" not in _tables(replica) and "django_session" not in _tables(replica)


def test_other_pages_and_every_write_stay_on_the_primary(cast, login, routes):
    client = login(cast.district_admin)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get(reverse("members:list")).status_code == 200
        client.post(reverse("reports:refresh"))
    assert replica.captured_queries == []


def test_without_listed_routes_nothing_reads_from_the_replica(cast, login, settings):
    settings.GONGHUI_REPLICA_ROUTES = []
    client = login(cast.district_admin)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert replica.captured_queries == []


def test_router_rules(cast, monkeypatch):
    router = ReplicaRouter()
    assert router.db_for_read(Org) is None  # not inside a listed page
    with replica_reads():
        assert router.db_for_read(Org) == REPLICA
        assert router.db_for_read(Member) == REPLICA
        assert router.db_for_read(type(cast.district_admin)) is None  # users: primary
        with transaction.atomic():
            assert router.db_for_read(Org) is None  # read your own writes
        monkeypatch.setattr("gonghui.core.replicas.replica_configured", lambda: False)
        assert router.db_for_read(Org) is None  # no replica configured: one database
    assert router.db_for_write(Org) == "default"


def test_route_patterns(settings):
    assert not route_reads_from_replica("reports:dashboard")  # off in tests unless turned on
    settings.GONGHUI_REPLICA_ROUTES = PRODUCTION_ROUTES
    assert route_reads_from_replica("reports:dashboard")
    assert route_reads_from_replica("members:stats_export")
    assert route_reads_from_replica("assistance:payment_export")
    assert not route_reads_from_replica("members:list")
    assert not route_reads_from_replica("assemblies:vote")
    assert not route_reads_from_replica(None)
