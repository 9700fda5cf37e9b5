"""The ``gonghui`` command: ``demo`` serves on GONGHUI_BIND beside a scheduling worker, and
``worker`` is the worker that runs the schedule (issue 22's README items)."""

import subprocess
import sys

from gonghui import cli


class _Recorder:
    def __init__(self):
        self.django, self.popen, self.call = [], [], []

    def install(self, monkeypatch):
        monkeypatch.setattr(cli, "_django", lambda argv: self.django.append(argv))
        recorder = self

        class FakePopen:
            def __init__(self, argv, **kwargs):
                recorder.popen.append(argv)

            def terminate(self):
                recorder.popen.append("terminated")

        monkeypatch.setattr(subprocess, "Popen", FakePopen)
        monkeypatch.setattr(subprocess, "call", lambda argv, **kw: self.call.append(argv))


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
