"""Real ``gonghui serve`` and ``gonghui worker`` processes for the multi-process tests."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from django.conf import settings
from django_tasks_db.models import DBTaskResult, get_date_max

PROJECT_DIR = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(var_dir, database_url=None, **extra):
    """The environment of a production-like process: the test run's keys, the database queue,
    a fast clock and a short lease, no pytest."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        GONGHUI_TESTING="0",
        GONGHUI_DEBUG="0",
        GONGHUI_SECRET_KEY=settings.SECRET_KEY,
        GONGHUI_DATA_KEYS=settings.DATA_KEYS,
        GONGHUI_INDEX_KEY=settings.INDEX_KEY,
        GONGHUI_REQUIRE_2FA="0",
        GONGHUI_VAR_DIR=str(var_dir),
        GONGHUI_TASK_BACKEND="django_tasks_db.DatabaseBackend",
        GONGHUI_WORKER_TICK_SECONDS="1",
        GONGHUI_WORKER_LEASE_SECONDS="10",
        GONGHUI_DB_CONN_MAX_AGE="0",
        GONGHUI_LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(PROJECT_DIR), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
        PYTHONUNBUFFERED="1",
        DJANGO_SETTINGS_MODULE="tests.scale.shared_cache_settings",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def database_url(settings_dict):
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class Processes:
    """Start ``gonghui`` processes; ``stop_all`` ends them; logs go to files for failures."""

    def __init__(self, env, log_dir):
        self.env = env
        self.log_dir = Path(log_dir)
        self.procs = {}

    def start(self, name, *args, env=None):
        log = open(self.log_dir / f"{name}.log", "wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "gonghui.cli", *args],
            env={**self.env, **(env or {})},
            cwd=PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        return proc

    def serve(self, name, workers=1):
        port = free_port()
        bind = {"GONGHUI_BIND": f"127.0.0.1:{port}", "GONGHUI_WORKERS": str(workers)}
        self.start(name, "serve", env=bind)
        return f"http://127.0.0.1:{port}"

    def worker(self, worker_id):
        return self.start(
            worker_id,
            "worker",
            "--worker-id",
            worker_id,
            "--interval",
            "0.2",
            "--no-startup-delay",
        )

    def run(self, *args):
        """Run a ``gonghui`` command to its end (e.g. ``createcachetable``)."""
        subprocess.run(
            [sys.executable, "-m", "gonghui.cli", *args],
            env=self.env,
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
            timeout=900,
        )

    def kill(self, name):
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait(10)

    def stop_all(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def logs(self):
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.log_dir.glob("*.log"))
        )


#: How long a test waits for a process to get somewhere: generous, as the machines that run the
#: suite are often busy (a migrate alone took over two minutes at a load average of 18).
PATIENCE = 600


def wait_until(predicate, timeout, what, processes=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    logs = processes.logs() if processes else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{logs}")


def wait_for_server(base, processes, timeout=300):
    def up():
        try:
            return requests.get(f"{base}/login/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_until(up, timeout, f"{base} to answer", processes)


def enqueue_row(task_path, *args):
    """Put a task on the database queue as ``DatabaseBackend.enqueue`` does (the test process
    itself runs the immediate backend)."""
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=get_date_max(),
    )


def log_in(base, username, password):
    """A browser-like login: the form's CSRF token, then the POST. Returns (session, response)."""
    session = requests.Session()
    session.get(f"{base}/login/", timeout=30)
    response = session.post(
        f"{base}/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken"),
        },
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=30,
    )
    return session, response
