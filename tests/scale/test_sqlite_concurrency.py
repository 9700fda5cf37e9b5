"""SQLite as the embedded default holds the demo's concurrency (issue 21.4): a gunicorn server
with two processes taking logins from several clients at once (each login writes a session, the
user's last login, an audit event and the login throttle) while a ``gonghui worker`` claims and
finishes sixty tasks and its clock beats, on one SQLite file: no request fails, every task
finishes, and no process meets "database is locked" (WAL, a busy timeout and IMMEDIATE write
transactions, settings.py)."""

import sqlite3
import threading

from django_tasks.base import TaskResultStatus

from tests.conftest import PASSWORD

from .processes import PATIENCE, Processes, environment, log_in, wait_for_server, wait_until

CLIENTS = 6
LOGINS_EACH = 5
TASKS = 60

SET_UP = f"""
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from gonghui.core.models import RoleAssignment, User
from gonghui.orgs.models import Org
from tests.scale.tasks import nap

root = Org.objects.add_root({{"code": "D", "kind": "district", "name": "测试区总工会"}})
for i in range({CLIENTS}):
    user = User.objects.create(username=f"user-{{i}}", full_name=f"用户{{i}}",
                               password=make_password({PASSWORD!r}, hasher=PBKDF2PasswordHasher()))
    RoleAssignment.objects.create(user=user, org=root, role="union_admin")
for i in range({TASKS}):
    nap.enqueue(0.1, f"task-{{i}}")
"""


def _task_counts(db_file):
    with sqlite3.connect(db_file, timeout=30) as db:
        return dict(
            db.execute(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = 'tests.scale.tasks.nap' GROUP BY status"
            )
        )


def test_web_and_worker_write_one_sqlite_file_at_once(tmp_path):
    var = tmp_path / "var"
    processes = Processes(environment(var), tmp_path)
    db_file = var / "gonghui.sqlite3"
    processes.run("migrate", "--noinput", "-v", "0")
    processes.run("createcachetable")
    processes.run("shell", "-c", SET_UP)
    with sqlite3.connect(db_file) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert _task_counts(db_file) == {TaskResultStatus.READY: TASKS}

    answers, errors = [], []

    def client(i):
        try:
            for _ in range(LOGINS_EACH):
                _, response = log_in(base, f"user-{i}", PASSWORD)
                answers.append(response.status_code)
        except Exception as exc:  # a refused connection or a timeout is a failure too
            errors.append(repr(exc))

    try:
        base = processes.serve("web", workers=2)
        wait_for_server(base, processes)
        processes.worker("worker-a")
        wait_until(
            lambda: _task_counts(db_file).get(TaskResultStatus.SUCCESSFUL),
            PATIENCE,
            "the worker to start",
            processes,
        )
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wait_until(
            lambda: _task_counts(db_file) == {TaskResultStatus.SUCCESSFUL: TASKS},
            PATIENCE,
            "the worker to finish every task",
            processes,
        )
    finally:
        processes.stop_all()
    assert errors == []
    assert answers == [302] * (CLIENTS * LOGINS_EACH)
    logs = processes.logs()
    assert "database is locked" not in logs
    assert "Traceback" not in logs
    with sqlite3.connect(db_file) as db:
        sessions = db.execute("SELECT count(*) FROM django_session").fetchone()[0]
        logins = db.execute(
            "SELECT count(*) FROM core_auditevent WHERE action = 'core.user.login'"
        ).fetchone()[0]
        beats = db.execute("SELECT worker_id FROM core_workerheartbeat").fetchall()
        first_login = db.execute(
            "SELECT min(at) FROM core_auditevent WHERE action = 'core.user.login'"
        ).fetchone()[0]
        last_task = db.execute(
            "SELECT max(finished_at) FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = 'tests.scale.tasks.nap'"
        ).fetchone()[0]
    assert (sessions, logins) == (CLIENTS * LOGINS_EACH, CLIENTS * LOGINS_EACH)
    # the worker was still writing while the logins were written (ISO text sorts as time)
    assert first_login < last_task
    assert beats == []  # the worker signed off when stopped
