"""Several processes, one database (issue 21.3): two gunicorn app servers and two
``gonghui worker`` processes against one PostgreSQL database.

- a session made on one app server is valid on the other;
- failed logins counted on both servers lock the account on both (the rate limit is shared);
- every background task runs exactly once, on one worker;
- a scheduled job (escalation of an overdue worker request) is enqueued and run exactly once;
- the task of a worker killed mid-task ends FAILED (``WorkerLost``), not RUNNING forever.
"""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gonghui.core.models import ScheduledJob, WorkerHeartbeat
from gonghui.rights.models import WorkerRequest
from tests.conftest import PASSWORD
from tests.rights.helpers import aware, file_request

from .processes import (
    PATIENCE,
    Processes,
    database_url,
    enqueue_row,
    environment,
    log_in,
    wait_for_server,
    wait_until,
)

# serialized_rollback: the flush after a transactional test would otherwise take the rows the
# migrations seed (home criteria, disclosure categories …) from the tests that run after it
pytestmark = [
    pytest.mark.postgres,
    # decided before any fixture: on SQLite the serialized set-up would otherwise still run and
    # collide with the content types a transactional test before it left behind
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL (several processes on one database server)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAP = "tests.scale.tasks.nap"
ESCALATE = "gonghui.rights.tasks.escalate_requests"


@pytest.fixture(scope="module", autouse=True)
def _empty_database_before_the_serialized_set_up(django_db_setup, django_db_blocker):
    """Serialized rollback loads the migrated rows back at set-up and assumes an empty database;
    a transactional test that ran before on this worker flushed with post_migrate, which put the
    content types back, and the load then collides with them. Empty it first (PostgreSQL only:
    elsewhere the test is skipped and the database is left alone)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the payments table refuses TRUNCATE otherwise
                cursor.execute("SET gonghui.allow_payment_truncate = 'on'")
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    yield


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (several processes on one database server)")


def _status(result):
    return DBTaskResult.objects.values_list("status", flat=True).get(pk=result.pk)


SEARCHED_ID = "110105198805170024"


def test_two_app_servers_and_two_workers_share_one_database(cast, tmp_path):
    import datetime

    for user in (cast.chair_a, cast.chair_b):  # the servers use the production hashers
        user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
        user.save(update_fields=["password"])
    overdue, _ = file_request(cast, now=aware(datetime.date(2020, 1, 6)))
    long_task = enqueue_row(NAP, 120, "long")
    short_tasks = [enqueue_row(NAP, 0.05, f"short-{i}") for i in range(12)]

    env = environment(tmp_path / "var", database_url(connection.settings_dict))
    processes = Processes(env, tmp_path)
    try:
        processes.run("createcachetable")
        app1 = processes.serve("app1")
        app2 = processes.serve("app2")
        processes.worker("worker-a")
        processes.worker("worker-b")
        wait_for_server(app1, processes)
        wait_for_server(app2, processes)

        # a session made on app 1 is valid on app 2
        session, response = log_in(app1, "chair-a", PASSWORD)
        assert (response.status_code, response.headers["Location"]) == (302, "/")
        home = session.get(f"{app2}/", allow_redirects=False, timeout=30)
        assert home.status_code == 200
        assert "甲主席" in home.text

        # the access log names the path, not the query: a roster searched by ID number or phone
        searched = session.get(
            f"{app1}/members/", params={"q": SEARCHED_ID}, allow_redirects=False, timeout=30
        )
        assert searched.status_code == 200

        # failed logins on both servers add up: the fifth locks the account everywhere
        for base in (app1, app1, app1, app2, app2):
            _, response = log_in(base, "chair-b", "wrong-password")
            assert response.status_code == 200
        _, response = log_in(app2, "chair-b", PASSWORD)
        assert response.status_code == 429
        _, response = log_in(app1, "chair-b", PASSWORD)
        assert response.status_code == 429

        # every background task runs once, on one worker
        def all_short_done():
            statuses = DBTaskResult.objects.filter(pk__in=[t.pk for t in short_tasks]).values_list(
                "status", flat=True
            )
            return all(s == TaskResultStatus.SUCCESSFUL for s in statuses)

        wait_until(all_short_done, PATIENCE, "the short tasks", processes)
        for task in short_tasks:
            task.refresh_from_db()
            assert len(task.worker_ids) == 1
            assert task.worker_ids[0] in ("worker-a", "worker-b")
            assert task.return_value == task.args_kwargs["args"][1]

        # the scheduled escalation: enqueued once by one of the two workers, run once
        def escalation_done():
            results = DBTaskResult.objects.filter(task_path=ESCALATE)
            return results.exists() and all(
                r.status == TaskResultStatus.SUCCESSFUL for r in results
            )

        wait_until(escalation_done, PATIENCE, "the scheduled escalation", processes)
        results = list(DBTaskResult.objects.filter(task_path=ESCALATE))
        assert len(results) == 1
        assert results[0].return_value == {"reminded": 0, "escalated": 1}
        job = ScheduledJob.objects.get(name="rights.escalate_requests")
        assert job.runs == 1
        assert job.last_task_id == str(results[0].pk)
        assert job.last_worker_id in ("worker-a", "worker-b")
        overdue = WorkerRequest.objects.get(pk=overdue.pk)
        assert (overdue.org_id, overdue.escalation_count) == (cast.street.pk, 1)

        # a worker killed in the middle of a task: the task ends failed, the other worker lives
        wait_until(
            lambda: _status(long_task) == TaskResultStatus.RUNNING,
            PATIENCE,
            "the long task to start",
            processes,
        )
        long_task.refresh_from_db()
        (owner,) = long_task.worker_ids
        survivor = "worker-b" if owner == "worker-a" else "worker-a"
        processes.kill(owner)
        wait_until(
            lambda: _status(long_task) == TaskResultStatus.FAILED,
            PATIENCE,
            "the lost task to be failed",
            processes,
        )
        long_task.refresh_from_db()
        assert long_task.exception_class_path == "gonghui.core.scheduling.WorkerLost"
        assert f"后台进程 {owner} 已失联" in long_task.traceback
        assert long_task.worker_ids == [owner]
        assert processes.procs[survivor].poll() is None
        assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {
            "worker-a",
            "worker-b",
        }
    finally:
        processes.stop_all()
    access_log = (tmp_path / "app1.log").read_text(errors="replace")
    assert '"GET /members/ HTTP/1.1" 200' in access_log
    assert SEARCHED_ID not in access_log and SEARCHED_ID[-6:] not in access_log
    # a worker that stops cleanly signs off
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == [owner]
