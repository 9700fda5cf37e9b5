"""The ``gonghui`` command: ``demo`` serves on GONGHUI_BIND beside a scheduling worker, and
``worker`` is the worker that runs the schedule (issue 22's README items)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from gonghui import cli


class _Recorder:
    def __init__(self):
        self.django, self.popen, self.call = [], [], []

    def install(self, monkeypatch):
        monkeypatch.setattr(cli, "_django", lambda argv: self.django.append(argv))
        recorder = self

        class FakePopen:
            def __init__(self, argv, **kwargs):
                self.argv = argv
                if "gunicorn" in argv:
                    recorder.call.append(argv)
                else:
                    recorder.popen.append(argv)

            def wait(self, timeout=None):
                return 0

            def poll(self):
                return None if "gunicorn" not in self.argv else 0

            def terminate(self):
                recorder.popen.append("terminated")

        monkeypatch.setattr(subprocess, "Popen", FakePopen)


def test_demo_serves_on_gonghui_bind(monkeypatch, capsys):
    recorder = _Recorder()
    recorder.install(monkeypatch)
    monkeypatch.setenv("GONGHUI_BIND", "0.0.0.0:8107")
    cli.demo()
    assert recorder.django == [
        ["migrate", "--noinput", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v", "0"],
    ]
    assert recorder.popen == [[sys.executable, "-m", "gonghui.cli", "worker"], "terminated"]
    (gunicorn,) = recorder.call
    assert gunicorn[gunicorn.index("--bind") + 1] == "0.0.0.0:8107"
    assert "Gonghui is running: http://127.0.0.1:8107" in capsys.readouterr().out


def test_demo_defaults_to_port_8000(monkeypatch, capsys):
    recorder = _Recorder()
    recorder.install(monkeypatch)
    monkeypatch.delenv("GONGHUI_BIND", raising=False)
    cli.demo()
    (gunicorn,) = recorder.call
    assert gunicorn[gunicorn.index("--bind") + 1] == "127.0.0.1:8000"
    assert "Gonghui is running: http://127.0.0.1:8000" in capsys.readouterr().out


def test_worker_command_runs_the_scheduling_worker(monkeypatch):
    recorder = _Recorder()
    recorder.install(monkeypatch)
    cli.main(["worker", "--no-schedule"])
    assert recorder.django == [["run_worker", "--no-schedule"]]


def test_url_for_a_bind():
    assert cli._url("127.0.0.1:9000") == "http://127.0.0.1:9000"
    assert cli._url("0.0.0.0:8000") == "http://127.0.0.1:8000"
    assert cli._url("gh.example.org:80") == "http://gh.example.org:80"
    assert cli._url("unix:/run/gonghui.sock") == "unix:/run/gonghui.sock"


STAND_IN = "import sys, time; time.sleep(120)  # {}"


def _running(marker):
    """PIDs of this machine's processes whose command line holds ``marker``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def _wait_for(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_demo_stopped_by_sigterm_stops_its_server_and_worker(tmp_path):
    """A service manager's stop (SIGTERM to the command) ends the server and the worker too: a
    server left behind would keep the port and answer with the old code (it happened to us)."""
    marker = f"gonghui-stand-in-{uuid.uuid4().hex}"
    stand_in = [sys.executable, "-c", STAND_IN.format(marker)]
    runner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from gonghui import cli; "
            f"sys.exit(cli._serve_beside({[*stand_in, 'server']!r}, {[*stand_in, 'worker']!r}))",
        ],
        env={**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[1])},
    )
    try:
        assert _wait_for(lambda: len(set(_running(marker)) - {runner.pid}) == 2), "not started"
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=30) == 0
        assert _wait_for(lambda: not set(_running(marker)) - {runner.pid}), "a child outlived it"
    finally:
        runner.kill()
        for pid in _running(marker):
            os.kill(pid, signal.SIGKILL)


def test_a_server_that_cannot_start_says_so_and_stops_the_worker():
    marker = f"gonghui-stand-in-{uuid.uuid4().hex}"
    worker = [sys.executable, "-c", STAND_IN.format(marker)]
    server = [sys.executable, "-c", "import sys; sys.exit(3)"]
    try:
        assert cli._serve_beside(server, worker) == 3
        assert _wait_for(lambda: not _running(marker)), "the worker outlived the server"
    finally:
        for pid in _running(marker):
            os.kill(pid, signal.SIGKILL)
