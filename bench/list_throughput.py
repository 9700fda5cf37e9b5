"""Member list with search against a real server: gunicorn on 127.0.0.1:8765, 8 concurrent
clients for a fixed time over a mix of list pages, as a district admin.

    .venv/bin/python bench/list_throughput.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gonghui_bench --duration 60

The database must be migrated and seeded (``gonghui seed --members N --orgs M --seed S``; see
bench/common.py) with the same data keys as this run (``var/data-keys.json`` in a demo-mode
run). The benchmark creates the user ``bench-admin`` (district admin at the seeded root) if
missing, draws queries from the roster itself (names of 1–3 characters, full pinyin, initials,
ID tails), checks the queries each kind of page makes in-process, then starts gunicorn, logs in
once and drives it with ``--clients`` threads (one new connection per request: gunicorn's sync
workers close every connection). Prints requests/s, p50, p95, p99 and errors, overall and per
kind, and the CPU each request cost in gunicorn, PostgreSQL and this load generator (with
the box shared, CPU per request tells what the page costs better than requests/s; total CPU
per request bounds requests/s at cores × 1000 / ms). ``--floor`` also drives ``/healthz`` with
the same session: what any logged-in request costs before a page does anything. Targets
(DESIGN.md §5): at least 250 requests/s and p95 under 100 ms at 8 clients.
"""

import argparse
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from common import DB_URL, ROOT, SEED

USERNAME = "bench-admin"
PASSWORD = "bench-pass-8765!"
HOST = "127.0.0.1"
TARGET_RPS, TARGET_P95 = 250, 100.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DB_URL))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2–4)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load not measured")
    parser.add_argument("--root", default=f"Z{SEED}", help="code of the seeded district root")
    parser.add_argument("--samples", type=int, default=300, help="members to draw queries from")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("GONGHUI_REDIS_URL", "redis://127.0.0.1:6379/0"),
        help="the cache sessions and role assignments are read from, as in production "
        "(keys prefixed by the port); '' for the database cache",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also drive /healthz as the same user for comparison (what a "
        "logged-in request costs before the list page does anything)",
    )
    return parser.parse_args()


def server_environ(args):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "GONGHUI_DEMO": "1",  # data keys from var/data-keys.json, as `gonghui seed` used
            "GONGHUI_REQUIRE_2FA": "0",  # the benchmark account has no TOTP device
            "GONGHUI_ALLOWED_HOSTS": HOST,
            "GONGHUI_LOG_LEVEL": "WARNING",
            "GONGHUI_REDIS_URL": args.redis_url,
            "GONGHUI_CACHE_PREFIX": f"bench-list-{args.port}",
            # Serve the code of this checkout, whatever is installed.
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p
            ),
        }
    )
    env.pop("GONGHUI_DEBUG", None)
    return env


def setup_django(args):
    os.environ.update(server_environ(args))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()


def ensure_admin(root_code):
    """The district admin the clients log in as (created, or its password reset)."""
    from gonghui.core.models import RoleAssignment, User
    from gonghui.orgs.models import Org

    root = Org.objects.get(code=root_code)
    user, _created = User.objects.get_or_create(
        username=USERNAME, defaults={"full_name": "压测管理员"}
    )
    user.set_password(PASSWORD)
    user.save()
    RoleAssignment.objects.get_or_create(
        user=user, org=root, role="district_admin", defaults={"is_active": True}
    )
    RoleAssignment.objects.filter(user=user).exclude(org=root).update(is_active=False)
    return root


def query_mix(args, root):
    """``[(kind, weight, [paths])]``: list pages as a district admin would open them."""
    from gonghui.core.scoping import scopes_disabled, subtree_q
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org

    rng = random.Random(args.seed)
    with scopes_disabled():
        members = Member.unscoped.filter(subtree_q(root.path, "org_path"))
        top = members.order_by("-id").values_list("id", flat=True).first()
        low = members.order_by("id").values_list("id", flat=True).first()
        ids = [rng.randint(low, top) for _ in range(args.samples * 3)]
        people = list(
            members.filter(id__in=ids).only(
                "id", "name", "name_pinyin", "name_initials", "id_number", "phone"
            )
        )[: args.samples]
        orgs = list(
            Org.objects.filter(subtree_q(root.path, "path"))
            .exclude(pk=root.pk)
            .values_list("code", flat=True)
        )
    if not people:
        raise SystemExit(f"no members under {root.code}: seed the database first")

    def url(**params):
        return "/members/?" + urllib.parse.urlencode(params) if params else "/members/"

    three = [p for p in people if len(p.name) >= 3] or people
    years = list(range(2000, 2026))
    filters = []
    for _ in range(args.samples):
        choice = rng.choice(["status", "form", "gender", "age", "year", "org", "combo"])
        params = {
            "status": {"status": rng.choice(["active", "members", "retired", "withdrawn"])},
            "form": {"form": rng.choice(["regular", "dispatch", "migrant", "new_form"])},
            "gender": {"gender": rng.choice(["M", "F"])},
            "age": {"age": rng.choice(["u25", "25_34", "35_44", "45_54", "55_59"])},
            "year": {"year": rng.choice(years)},
            "org": {"org": rng.choice(orgs)} if orgs else {},
            "combo": {
                "status": "active",
                "gender": rng.choice(["M", "F"]),
                "form": rng.choice(["regular", "new_form"]),
                "sort": "name",
            },
        }[choice]
        filters.append(url(**params))
    return [
        ("no query", 10, [url()]),
        ("name, 1 character", 10, [url(q=p.name[:1]) for p in people]),
        ("name, 2 characters", 10, [url(q=p.name[:2]) for p in people]),
        ("name, 3 characters", 5, [url(q=p.name[:3]) for p in three]),
        ("pinyin", 10, [url(q=p.name_pinyin) for p in people]),
        ("initials", 10, [url(q=p.name_initials) for p in people if len(p.name_initials) >= 2]),
        ("ID tail (6)", 10, [url(q=p.id_number[-6:]) for p in people]),
        ("filters", 15, filters),
        (
            "page 2..10",
            10,
            [url(page=n) for n in range(2, 11)]
            + [url(q=p.name[:1], page=rng.randint(2, 5)) for p in people[:50]],
        ),
        # deep pages as the pager links them: the last row's key, not an OFFSET
        (
            "page 100..1000",
            5,
            [
                url(page=n, after=f"[{top - (n - 1) * 30 - rng.randint(0, 30)}]")
                for n in (rng.randint(100, 1000) for _ in range(50))
            ],
        ),
    ]


def queries_per_page(mix):
    """Database queries each kind of page makes (in-process, first sample of each kind)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.models import User

    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=USERNAME))
    print("queries per page (in-process, Django test client):")
    for kind, _weight, paths in mix:
        path = paths[0]
        client.get(path)  # warm caches (settings, navigation)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        print(
            f"  {kind:<20} {len(captured.captured_queries):>3} queries  "
            f"status {response.status_code}  {len(response.content) / 1024:5.1f} KB  {path[:60]}"
        )


def start_server(args):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "gonghui.wsgi:application",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / "list_throughput_gunicorn.log", "w")
    process = subprocess.Popen(
        command,
        env=server_environ(args),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {log.name}")
        try:
            status, _h, _b = request("GET", "/healthz", port=args.port)
            if status == 200:
                print(f"gunicorn: {args.workers} workers on {HOST}:{args.port} (pid {process.pid})")
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_server(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def request(method, path, *, port, headers=None, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def login(port):
    """Log in once through the login page; returns the Cookie header for every client."""
    status, headers, body = request("GET", "/login/", port=port)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookies = {
        c.split("=", 1)[0]: c.split(";", 1)[0].split("=", 1)[1]
        for c in headers.get_all("Set-Cookie") or []
    }
    form = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    )
    status, headers, _body = request(
        "POST",
        "/login/",
        port=port,
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"http://{HOST}:{port}/login/",
        },
    )
    for c in headers.get_all("Set-Cookie") or []:
        cookies[c.split("=", 1)[0]] = c.split(";", 1)[0].split("=", 1)[1]
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login as {USERNAME} failed: {status}")
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, _h, body = request("GET", "/members/", port=port, headers={"Cookie": cookie})
    if status != 200 or b"member-table" not in body:
        raise SystemExit(f"member list after login answered {status}")
    return cookie


def _cpu_seconds(pid):
    """User + system CPU seconds of process ``pid`` (Linux /proc), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _box_seconds():
    """CPU seconds of the whole box (all cores, /proc/stat): busy (everything but idle, iowait
    and steal) and stolen by the hypervisor, so a run shows what the counted processes leave
    out (Redis, the kernel, the gunicorn master, anything else running) and whether the
    machine under it gave the cores it has."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def _children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _database_backends():
    """PIDs of the PostgreSQL backends serving this database (the workers' connections)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


class CpuMeter:
    """CPU seconds used by the gunicorn workers, their PostgreSQL backends and this load
    generator between ``start()`` and ``stop()``: with the box shared, CPU per request says
    more than requests/s about what the page costs."""

    def __init__(self, server):
        self.server = server

    def _sample(self):
        # per process: a PostgreSQL backend may end during the run (a connection past its
        # CONN_MAX_AGE); its CPU is then counted to its last sample, never below what it had
        box, steal = _box_seconds()
        return {
            "gunicorn": {p: _cpu_seconds(p) for p in [self.server.pid, *self.workers]},
            "postgres": {p: _cpu_seconds(p) for p in self.backends},
            "load generator": {0: time.process_time()},
            "box": {0: box},
            "steal": {0: steal},
        }

    def start(self):
        self.workers = _children(self.server.pid)
        try:
            self.backends = _database_backends()
        except Exception:
            self.backends = []
        self.before = self._sample()

    def stop(self):
        after = self._sample()
        self.used = {
            k: sum(max(0.0, after[k][p] - self.before[k][p]) for p in after[k]) for k in after
        }


def drive(args, mix, cookie, meter=None):
    """``clients`` threads request pages from the mix until the time is up."""
    kinds = [kind for kind, _w, _p in mix]
    weights = [w for _k, w, _p in mix]
    paths = {kind: p for kind, _w, p in mix}
    results = defaultdict(list)  # kind -> [(ms, ok)]
    errors = defaultdict(int)
    lock = threading.Lock()
    start = time.monotonic()
    measure_from = start + args.warmup
    stop_at = measure_from + args.duration

    def client(n):
        rng = random.Random(args.seed * 100 + n)
        headers = {"Cookie": cookie}
        mine, my_errors = defaultdict(list), defaultdict(int)
        while True:
            now = time.monotonic()
            if now >= stop_at:
                break
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(paths[kind])
            started = time.perf_counter()
            try:
                status, _h, body = request("GET", path, port=args.port, headers=headers)
                ok = status == 200 and (b"member-table" in body or path == "/healthz")
                reason = None if ok else f"HTTP {status}"
            except OSError as exc:
                ok, reason = False, type(exc).__name__
            took = (time.perf_counter() - started) * 1000
            if now >= measure_from:
                mine[kind].append((took, ok))
                if not ok:
                    my_errors[reason] += 1
        with lock:
            for kind, rows in mine.items():
                results[kind].extend(rows)
            for reason, count in my_errors.items():
                errors[reason] += count

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    if meter is not None:
        time.sleep(max(0.0, measure_from - time.monotonic()))
        meter.start()
        time.sleep(max(0.0, stop_at - time.monotonic()))
        meter.stop()
    for t in threads:
        t.join()
    return results, errors


def pct(ordered, share):
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def report(args, results, errors, members, meter=None):
    everything = sorted(ms for rows in results.values() for ms, _ok in rows)
    failed = sum(1 for rows in results.values() for _ms, ok in rows if not ok)
    rps = len(everything) / args.duration
    print(
        f"\n{members:,} members; {args.clients} clients, gunicorn {args.workers} workers, "
        f"{args.duration:.0f} s measured after {args.warmup:.0f} s warm-up"
    )
    print(f"{'kind':<20} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    for kind in sorted(results, key=lambda k: -len(results[k])):
        ordered = sorted(ms for ms, _ok in results[kind])
        print(
            f"{kind:<20} {len(ordered):>6} {pct(ordered, 0.5):>6.1f}ms {pct(ordered, 0.95):>6.1f}ms "
            f"{pct(ordered, 0.99):>6.1f}ms {ordered[-1]:>6.1f}ms"
        )
    p50, p95, p99 = pct(everything, 0.5), pct(everything, 0.95), pct(everything, 0.99)
    print(
        f"\nrequests {len(everything):,}  {rps:.1f} requests/s  p50 {p50:.1f} ms  "
        f"p95 {p95:.1f} ms  p99 {p99:.1f} ms  errors {failed}"
        + (f" ({dict(errors)})" if errors else "")
    )
    if meter is not None and everything:
        per = {
            k: v * 1000 / len(everything)
            for k, v in meter.used.items()
            if k not in ("box", "steal")
        }
        total = sum(per.values())
        print(
            "CPU per request: "
            + ", ".join(f"{k} {v:.1f} ms" for k, v in per.items())
            + f"; total {total:.1f} ms → at most {os.cpu_count() * 1000 / total:.0f} "
            f"requests/s on {os.cpu_count()} idle cores"
        )
        box = meter.used["box"]
        print(
            f"the whole box: {box * 1000 / len(everything):.1f} ms of CPU a request, busy "
            f"{box * 100 / (args.duration * os.cpu_count()):.0f} % of {os.cpu_count()} cores "
            f"({(box * 1000 / len(everything)) - total:.1f} ms a request outside the processes "
            "counted: Redis, the kernel, anything else running); stolen by the hypervisor "
            f"{meter.used['steal'] * 100 / (args.duration * os.cpu_count()):.0f} %"
        )
        load = os.getloadavg()[0]
        print(
            f"load average during the run {load:.1f} on {os.cpu_count()} cores"
            + (
                " — the box was shared, requests/s is low for that reason"
                if load > os.cpu_count() + 1.5
                else ""
            )
        )
    print(
        f"target ≥ {TARGET_RPS} requests/s: {'met' if rps >= TARGET_RPS else 'MISSED'} "
        f"({rps / TARGET_RPS:.2f}×); p95 < {TARGET_P95:.0f} ms: "
        f"{'met' if p95 < TARGET_P95 else 'MISSED'}"
    )
    return rps, p95, failed


def main():
    args = parse_args()
    setup_django(args)
    from gonghui.members.models import Member

    root = ensure_admin(args.root)
    mix = query_mix(args, root)
    members = Member.unscoped.count()
    queries_per_page(mix)
    from django.db import connections

    connections.close_all()
    server = start_server(args)
    meter = CpuMeter(server)
    try:
        cookie = login(args.port)
        results, errors = drive(args, mix, cookie, meter)
        if args.floor:
            floor_meter = CpuMeter(server)
            floor = drive(args, [("/healthz (floor)", 1, ["/healthz"])], cookie, floor_meter)
    finally:
        stop_server(server)
    if args.floor:
        print("\nfloor: /healthz with the same session and middleware")
        report(args, *floor, members, floor_meter)
    _rps, _p95, failed = report(args, results, errors, members, meter)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
