"""Shared set-up of the benchmarks: a PostgreSQL database ``gonghui_bench`` seeded once with
``gonghui seed --members N --orgs M --seed 1`` and reused by later runs of the same size.

Benchmarks print figures; they are not tests. Run them from the project root, e.g.
``.venv/bin/python bench/search.py --members 200000 --orgs 2000``.
"""

import argparse
import contextlib
import cProfile
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# GONGHUI_BENCH_DB names another database (engineers sharing one machine each keep their own).
DB_NAME = os.environ.get("GONGHUI_BENCH_DB", "gonghui_bench")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SEED = 1
ROOT_CODE = f"Z{SEED}"


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--orgs", type=int, default=2_000)
    parser.add_argument("--samples", type=int, default=200, help="queries per kind")
    return parser.parse_args()


def _environ():
    env = dict(os.environ)
    env["DATABASE_URL"] = DB_URL
    env.setdefault("GONGHUI_DEMO", "1")  # keys from var/data-keys.json, no SECRET_KEY needed
    env.pop("GONGHUI_DEBUG", None)
    return env


def _gonghui(*args):
    command = [str(ROOT / ".venv" / "bin" / "gonghui"), *args]
    print("$", " ".join(["DATABASE_URL=" + _environ()["DATABASE_URL"], "gonghui", *args]))
    started = time.monotonic()
    subprocess.run(command, env=_environ(), check=True)
    return time.monotonic() - started


def _create_database():
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            c.execute(f'CREATE DATABASE "{DB_NAME}"')


def _seeded_size():
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={DB_NAME}") as c:
        row = c.execute(
            "SELECT (SELECT COUNT(*) FROM members_member), "
            "(SELECT COUNT(*) FROM orgs_org WHERE path LIKE "
            "(SELECT path FROM orgs_org WHERE code = %s) || '%%')",
            [ROOT_CODE],
        ).fetchone()
    return row


def prepare(members, orgs):
    """Migrate and seed ``gonghui_bench`` unless it already holds a district of this size
    (a database of another size is dropped and seeded again). Then set Django up on it."""
    os.environ.update(
        {k: v for k, v in _environ().items() if k in ("DATABASE_URL", "GONGHUI_DEMO")}
    )
    os.environ.pop("GONGHUI_DEBUG", None)
    _create_database()
    _gonghui("migrate", "--verbosity", "0")
    size = _seeded_size()
    if size != (members, orgs):
        if size[0] or size[1]:
            import psycopg

            print(f"gonghui_bench holds {size}, wanted {(members, orgs)}: seeding afresh")
            with psycopg.connect(
                "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            _create_database()
            _gonghui("migrate", "--verbosity", "0")
        took = _gonghui("seed", "--members", str(members), "--orgs", str(orgs), "--seed", str(SEED))
        print(f"seeded in {took:.1f} s")
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 user=postgres dbname={DB_NAME}", autocommit=True
        ) as c:
            c.execute("VACUUM ANALYZE")
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()


def percentiles(samples_ms):
    ordered = sorted(samples_ms)

    def at(share):
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return at(0.5), at(0.95), ordered[-1]


def row(label, samples_ms, extra=""):
    p50, p95, worst = percentiles(samples_ms)
    print(
        f"{label:<28} n={len(samples_ms):<4} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  max {worst:7.2f} ms {extra}"
    )
    return p50, p95


@contextlib.contextmanager
def cpu_per_row(profile=False, top=20):
    """Times the block in this process's CPU seconds and prints the rows it counted (set
    ``counted["rows"]``) and the CPU a row; with ``profile``, cProfile's top functions."""
    counted = {"rows": 0}
    profiler = cProfile.Profile() if profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    yield counted
    if profiler:
        profiler.disable()
    spent = time.process_time() - started
    rows = counted["rows"]
    print(f"{rows:,} rows  {spent:.2f} s CPU  {spent / max(rows, 1) * 1e6:.1f} µs a row")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def add_src_arguments(parser):
    """``--profile`` and ``--src`` (the code to run: an older checkout's ``src`` for a
    before/after in one sitting) of the in-process benchmarks."""
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument(
        "--src", default=str(ROOT / "src"), help="the code to run (an older checkout's src)"
    )


def use_src(args):
    """Import ``gonghui`` from ``args.src`` with the project's settings."""
    sys.path.insert(0, args.src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
