"""The member list's Python cost in-process: the bench's mix of list pages (bench/list_throughput.py)
through Django's WSGI handler and the whole middleware stack, as its district admin, with the
session and role assignments read from the cache as the server does. Prints the CPU each page
and each ``/healthz`` (the floor) took in this process, then, with ``--profile``, where it went.

    GONGHUI_DATA_KEY_FILE=var/data-keys.json .venv/bin/python bench/list_profile.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gonghui_bench --requests 200 --profile

CPU time of this process only (PostgreSQL's share is not in it): what a gunicorn worker spends.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time

from common import DB_URL, SEED
from list_throughput import HOST, USERNAME, ensure_admin, query_mix, setup_django


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DB_URL))
    parser.add_argument("--requests", type=int, default=200, help="list pages measured")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="rounds measured; the least counts")
    parser.add_argument("--root", default=f"Z{SEED}")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=8765, help="names the cache key prefix")
    parser.add_argument(
        "--redis-url", default=os.environ.get("GONGHUI_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--dump", help="also write the raw profile to this file")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    return parser.parse_args()


def session_cookie():
    """A session of the bench's admin, stored as a login stores it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase

    from gonghui.core.models import User

    user = User.objects.get(username=USERNAME)
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def get(handler, path, cookie):
    """One GET through the WSGI handler, as gunicorn calls it; returns (status, body)."""
    path_info, _sep, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    result = handler(environ, lambda s, h, exc_info=None: status.append(s))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0], body


def main():
    args = parse_args()
    os.environ["GONGHUI_CACHE_PREFIX"] = f"bench-list-{args.port}"
    setup_django(args)
    from django.core.handlers.wsgi import WSGIHandler

    root = ensure_admin(args.root)
    mix = query_mix(args, root)
    cookie = session_cookie()
    handler = WSGIHandler()
    rng = random.Random(args.seed)
    kinds = [k for k, _w, _p in mix]
    weights = [w for _k, w, _p in mix]
    paths = {k: p for k, _w, p in mix}
    chosen = [rng.choice(paths[rng.choices(kinds, weights)[0]]) for _ in range(args.requests)]

    for path in chosen[: args.warmup] + ["/healthz"] * 10:
        status, _body = get(handler, path, cookie)
        if not status.startswith("200"):
            raise SystemExit(f"{path}: {status}")

    def run(paths_, profiler=None):
        started = time.process_time()
        if profiler:
            profiler.enable()
        for path in paths_:
            get(handler, path, cookie)
        if profiler:
            profiler.disable()
        return (time.process_time() - started) * 1000 / len(paths_)

    # the least of several rounds: on a shared box a round is slowed by what else runs
    floor = min(run(["/healthz"] * args.requests) for _ in range(args.rounds))
    pages = min(run(chosen) for _ in range(args.rounds))
    print(
        f"in-process CPU per request ({args.requests} each, least of {args.rounds} rounds, load "
        f"average {os.getloadavg()[0]:.1f}): list pages {pages:.2f} ms, /healthz {floor:.2f} ms"
    )
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU, not the box's waits
        run(chosen, profiler)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
        if args.dump:
            profiler.dump_stats(args.dump)


if __name__ == "__main__":
    main()
