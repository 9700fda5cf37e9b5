"""The ``gonghui`` command.

gonghui demo     migrate SQLite, load the demo district, start a worker, serve GONGHUI_BIND
                 (default 127.0.0.1:8000)
gonghui serve    serve with gunicorn (GONGHUI_BIND, GONGHUI_WORKERS)
gonghui worker   run background tasks and the scheduled jobs (core/scheduling.py: escalations,
                 statistics, purges, housekeeping); several workers are safe
gonghui seed     a synthetic district (see ``gonghui seed --help``)
gonghui <cmd>    any Django management command (migrate, createsuperuser, ...)
"""

import os
import signal
import subprocess
import sys


def _django(argv):
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gonghui", *argv])


# The access log names the path, never the query string or the referring page: staff search
# the roster by name, ID number or phone (``/members/?q=…``), and whoever reads the server's
# logs must not read those (gunicorn's default line holds the whole request line and referer).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def _serve(bind, workers):
    argv = [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application", "--bind", bind]
    argv += ["--workers", str(workers), "--timeout", "120"]
    argv += ["--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
    os.execvp(sys.executable, argv)  # noqa: S606


def _url(bind):
    """The address to open for a gunicorn bind (``0.0.0.0:8000`` is reached as 127.0.0.1)."""
    if bind.startswith("unix:"):
        return bind
    host, _, port = bind.rpartition(":")
    if host in ("", "0.0.0.0", "[::]"):  # noqa: S104
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def demo():
    os.environ.setdefault("GONGHUI_DEMO", "1")
    os.environ.setdefault("GONGHUI_REQUIRE_2FA", "0")
    _django(["migrate", "--noinput", "-v", "0"])
    _django(["load_demo"])
    _django(["collectstatic", "--noinput", "-v", "0"])
    bind = os.environ.get("GONGHUI_BIND", "127.0.0.1:8000")
    # i18n: data (console text, in both languages)
    print(f"\n工会工作平台已启动 / Gonghui is running: {_url(bind)}  (Ctrl+C 退出)\n", flush=True)
    server = [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application", "--bind", bind]
    code = _serve_beside(
        [*server, "--workers", "2", "--timeout", "120"],
        [sys.executable, "-m", "gonghui.cli", "worker"],
    )
    if code:
        stopped = f"服务已停止（退出码 {code}），端口 {bind} 是否已被占用？"  # i18n: data
        # console text, in both languages
        print(
            f"\n{stopped} / The server stopped (exit code {code}): is {bind} already in use?\n",
            file=sys.stderr,
            flush=True,
        )
    return code


def _stop(signum, _frame):
    raise SystemExit(128 + signum)


def _serve_beside(server, worker):
    """Run ``server`` with ``worker`` beside it until the server ends, Ctrl+C or SIGTERM (a
    service manager's stop, ``kill``); either way stop both, so that neither outlives the
    command holding the port or the queue. Returns the server's exit code (0 when stopped)."""
    previous = signal.signal(signal.SIGTERM, _stop)
    processes = []
    try:
        processes.append(subprocess.Popen(worker))  # noqa: S603
        processes.append(subprocess.Popen(server))  # noqa: S603
        return processes[-1].wait()
    except KeyboardInterrupt:
        return 0
    except SystemExit:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    command = argv[0] if argv else "help"
    if command == "demo":
        return demo()
    if command == "serve":
        return _serve(
            os.environ.get("GONGHUI_BIND", "127.0.0.1:8000"),
            int(os.environ.get("GONGHUI_WORKERS", "3")),
        )
    if command == "worker":
        return _django(["run_worker", *argv[1:]])
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return None
    return _django(argv)


if __name__ == "__main__":
    sys.exit(main())
