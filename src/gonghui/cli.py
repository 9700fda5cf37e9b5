"""The ``gonghui`` command.

    gonghui demo     migrate SQLite, load the demo district, start a worker, serve 127.0.0.1:8000
    gonghui serve    serve with gunicorn (GONGHUI_BIND, GONGHUI_WORKERS)
    gonghui worker   run background tasks (django-tasks database backend)
    gonghui seed     a synthetic district (see ``gonghui seed --help``)
    gonghui <cmd>    any Django management command (migrate, createsuperuser, ...)
"""

import os
import subprocess
import sys


def _django(argv):
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gonghui", *argv])


def _serve(bind, workers):
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application",  # noqa: S606
                               "--bind", bind, "--workers", str(workers),
                               "--access-logfile", "-", "--timeout", "120"])


def demo():
    os.environ.setdefault("GONGHUI_DEMO", "1")
    os.environ.setdefault("GONGHUI_REQUIRE_2FA", "0")
    _django(["migrate", "--noinput", "-v", "0"])
    _django(["load_demo"])
    _django(["collectstatic", "--noinput", "-v", "0"])
    worker = subprocess.Popen([sys.executable, "-m", "gonghui.cli", "worker"])
    print("\n工会工作平台已启动 / Gonghui is running: http://127.0.0.1:8000  (Ctrl+C 退出)\n",
          flush=True)
    try:
        subprocess.call([sys.executable, "-m", "gunicorn", "gonghui.wsgi:application",
                         "--bind", "127.0.0.1:8000", "--workers", "2", "--timeout", "120"])
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
        return _serve(os.environ.get("GONGHUI_BIND", "127.0.0.1:8000"),
                      int(os.environ.get("GONGHUI_WORKERS", "3")))
    if command == "worker":
        return _django(["db_worker", *argv[1:]])
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return None
    return _django(argv)


if __name__ == "__main__":
    main()
