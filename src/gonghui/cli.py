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
    worker = subprocess.Popen([sys.executable, "-m", "gonghui.cli", "worker"])
    # i18n: data (console text, in both languages)
    print(f"\n工会工作平台已启动 / Gonghui is running: {_url(bind)}  (Ctrl+C 退出)\n", flush=True)
    try:
        server = [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application", "--bind", bind]
        subprocess.call([*server, "--workers", "2", "--timeout", "120"])  # noqa: S603
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()


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
    main()
