"""Roster import benchmark: a 1,000,000-row file (CSV or .xlsx) through the real import path
(upload, validation with every rule, commit with encryption and blind indexes), on PostgreSQL.

Each run starts from a fresh copy of a database holding the synthetic tree (10,000 orgs and
their employers, no members): ``gonghui_import_base`` is made once with
``gonghui seed --members 0 --orgs 10000 --seed 1``; every import runs in its own process so the
peak memory printed is the import's own (``ru_maxrss`` of that process).

    .venv/bin/python bench/import_roster.py --rows 1000000 --format csv --flow api
    .venv/bin/python bench/import_roster.py --rows 1000000 --format xlsx --flow api
    .venv/bin/python bench/import_roster.py --rows 100000 --format csv --flow api --compare
    .venv/bin/python bench/import_roster.py --rows 20000 --format csv --flow api --compare

Every run prints its wall time, peak memory, the CPU seconds of the import's Python process and
of the PostgreSQL backends it used (from /proc), and the load average at its end; ``--compare``
prints the ratios by wall time and by CPU seconds. ``BENCH_PROFILE=1`` in the environment of a
``--run-one`` prints a cProfile of the commit.

``--pairs N`` alternates this project and django-import-export's bulk mode N times on the same
file and prints each pair's ratio and their median: on a shared machine a ratio from one run
each moves with whatever else ran at the time.

``--compare`` also imports the same file with a plain django-import-export resource
(``bench/iie_resource.py``; ``pip install -e .[bench]``), once with its defaults and once in its
bulk mode, each into a fresh copy of the base, and prints the ratios.

The file looks like what unions send: Chinese headers under a title row, phones written as
``+86 138 0013 8000`` or with spaces, dates as ``2020-01-05``, ``2020/1/5``, ``2020年1月5日`` or
``2020.1.5``, lowercase ``x`` in ID numbers, employers named by name or credit code.
"""

import argparse
import csv
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# GONGHUI_IMPORT_BENCH_PREFIX=w10imp runs on w10imp_base / w10imp_run with its own files in /tmp
# (several people benchmarking on one machine must not drop each other's databases).
PREFIX = os.environ.get("GONGHUI_IMPORT_BENCH_PREFIX", "")
BASE_DB = f"{PREFIX}_base" if PREFIX else "gonghui_import_base"
RUN_DB = f"{PREFIX}_run" if PREFIX else "gonghui_import_run"
SEED = 1
FIRST_SEQ = 50_000_000  # ID numbers apart from those of `gonghui seed --seed 1`
HEADERS = [
    "姓名",
    "身份证号",
    "性别",
    "民族",
    "出生日期",
    "手机号",
    "学历",
    "用工形式",
    "工作单位",
    "入会日期",
    "会员证号",
]
EDUCATION = {
    "junior": "初中",
    "senior": "高中/中专/技校",
    "college": "大专",
    "bachelor": "本科",
    "postgraduate": "研究生",
}
FORMS = {
    "regular": "劳动合同制",
    "dispatch": "劳务派遣",
    "migrant": "农民工",
    "new_form": "新就业形态",
    "retired_reemployed": "退休返聘",
}


def _url(db):
    return f"postgres://postgres@127.0.0.1:5432/{db}"


def _admin():
    import psycopg

    return psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)


def _env(db):
    env = dict(os.environ, DATABASE_URL=_url(db), GONGHUI_DEMO="1", PYTHONPATH=str(ROOT / "src"))
    env.pop("GONGHUI_DEBUG", None)
    return env


def prepare_base():
    with _admin() as c:
        if c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BASE_DB]).fetchone():
            return
        c.execute(f'CREATE DATABASE "{BASE_DB}"')
    gonghui = str(Path(sys.executable).parent / "gonghui")  # the running venv's
    subprocess.run([gonghui, "migrate", "-v", "0"], env=_env(BASE_DB), check=True)
    subprocess.run(
        [gonghui, "seed", "--members", "0", "--orgs", "10000", "--seed", str(SEED)],
        env=_env(BASE_DB),
        check=True,
    )


def fresh_run_db():
    with _admin() as c:
        c.execute(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{BASE_DB}"')


# --- the file --------------------------------------------------------------------------------


def _date(rng, d):
    style = rng.randrange(4)
    if style == 0:
        return d.isoformat()
    if style == 1:
        return f"{d.year}/{d.month}/{d.day}"
    if style == 2:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.year}.{d.month}.{d.day}"


def _phone(rng, phone):
    style = rng.randrange(6)
    if style == 0:
        return f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}"
    if style == 1:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    return phone


def generate_rows(count, employers):
    sys.path.insert(0, str(ROOT / "src"))
    from gonghui.members import synthetic

    rng = synthetic.rng_for(1000 + SEED)
    today = datetime.date(2026, 11, 1)
    for i in range(count):
        p = synthetic.person(rng, FIRST_SEQ + i)
        join = synthetic.join_date_for(rng, p["birth_date"], today)
        id_number = p["id_number"]
        if id_number.endswith("X") and rng.random() < 0.5:
            id_number = id_number[:-1] + "x"
        employer = employers[i % len(employers)] if employers and rng.random() < 0.7 else ""
        yield [
            p["name"],
            id_number,
            ("男" if p["gender"] == "M" else "女") if rng.random() < 0.8 else "",
            p["ethnicity"],
            _date(rng, p["birth_date"]) if rng.random() < 0.5 else "",
            _phone(rng, p["phone"]),
            EDUCATION[p["education"]],
            FORMS[p["employment_form"]],
            employer,
            _date(rng, join),
            "",
        ]


def write_file(count, fmt, employers):
    path = Path(f"/tmp/{PREFIX or 'gonghui'}-roster-{count}.{fmt}")
    if path.exists():
        return path
    started = time.monotonic()
    part = path.with_suffix(".part")
    title = "XX工会会员名册（2026年11月）"
    if fmt == "csv":
        with open(part, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([title])
            writer.writerow(HEADERS)
            writer.writerows(generate_rows(count, employers))
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(part), {"constant_memory": True})
        sheet = book.add_worksheet("名册")
        sheet.write_row(0, 0, [title])
        sheet.write_row(1, 0, HEADERS)
        for r, values in enumerate(generate_rows(count, employers), start=2):
            sheet.write_row(r, 0, values)
        book.close()
    part.rename(path)
    print(
        f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.monotonic() - started:.0f} s"
    )
    return path


def employer_names():
    """Names and credit codes of employers in the target union's street (as HR writes them)."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={BASE_DB}") as c:
        org_path = _target(c)[1]
        rows = c.execute(
            "SELECT e.name, e.credit_code FROM orgs_employer e JOIN orgs_org o ON o.id = e.org_id "
            "WHERE o.path LIKE %s ORDER BY e.id LIMIT 40",
            [org_path[:8] + "%"],
        ).fetchall()
    return [name if i % 2 else code for i, (name, code) in enumerate(rows)]


def _target(c):
    return c.execute(
        "SELECT code, path FROM orgs_org WHERE kind = 'grassroots' AND depth = 3 "
        "ORDER BY path LIMIT 1"
    ).fetchone()


# --- one import, in its own process ----------------------------------------------------------


def run_one(path, tool):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from gonghui.core.access import scope_for_assignment
    from gonghui.core.models import ImportJob, RoleAssignment
    from gonghui.core.roles import Role
    from gonghui.core.scoping import activate, scopes_disabled
    from gonghui.members.models import Member, MembershipEvent
    from gonghui.orgs.models import Org

    with scopes_disabled():
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={RUN_DB}") as c:
            code, _path = _target(c)
        org = Org.objects.get(code=code)
        root = Org.objects.get(code=f"Z{SEED}")
        user, _ = get_user_model().objects.get_or_create(username="bench-import")
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user, org=root, role=Role.DISTRICT_ADMIN
        )
    times = {}
    spent = _trace() if tool == "gonghui" else {}
    pg_before = _pg_cpu()
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    thread0 = time.thread_time()
    started = time.monotonic()
    if tool == "gonghui":
        from gonghui.core.imports import services

        with activate(scope_for_assignment(assignment)):
            with open(path, "rb") as fh:
                job = services.start_import(
                    actor=user,
                    assignment=assignment,
                    importer_key="members",
                    org=org,
                    upload=File(fh, name=path.name),
                )
            times["upload"] = time.monotonic() - started
            if os.environ.get("BENCH_FLOW", "ui") == "ui":  # preview first, as on the page
                mark = time.monotonic()
                job = services.validate_job(job)
                times["validate"] = time.monotonic() - mark
                assert job.status == ImportJob.Status.VALIDATED, (job.status, job.message)
                assert job.error_rows == 0, job.issues[:5]
            mark = time.monotonic()
            if os.environ.get("BENCH_PROFILE"):  # --profile: where the commit's Python time goes
                import cProfile
                import pstats

                profile = cProfile.Profile()
                job = profile.runcall(services.commit_job, job, "all")
                pstats.Stats(profile, stream=sys.stderr).sort_stats(
                    os.environ.get("BENCH_SORT", "tottime")
                ).print_stats(int(os.environ.get("BENCH_LINES", "25")))
            else:
                job = services.commit_job(job, "all")
            times["commit"] = time.monotonic() - mark
            assert job.status == ImportJob.Status.DONE, job.message
            counts = job.result["counts"]
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from iie_resource import import_with_iie

        counts = import_with_iie(path, org, bulk=(tool == "iie-bulk"))
    times["total"] = time.monotonic() - started
    main_thread = time.thread_time() - thread0  # without the writer thread's COPY sending
    pg_cpu = sum(_pg_cpu().values()) - sum(pg_before.values())
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with scopes_disabled():
        members = Member.unscoped.filter(org=org).count()
        events = MembershipEvent.objects.filter(member__org=org).count()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times.update({f"  {k}": v for k, v in spent.items()})
    print(
        json.dumps(
            {
                "tool": tool,
                "times": times,
                "counts": counts,
                "members": members,
                "events": events,
                "peak_mb": round(peak),
                "cpu_python": round(
                    own.ru_utime
                    + own.ru_stime
                    - own0.ru_utime
                    - own0.ru_stime
                    + kids.ru_utime
                    + kids.ru_stime,
                    1,
                ),
                "cpu_python_main_thread": round(main_thread, 2),
                "cpu_postgres": round(pg_cpu, 1),
                "load": os.getloadavg(),
            }
        ),
        flush=True,
    )


def _pg_cpu():
    """CPU seconds (user + system) so far of each PostgreSQL backend connected to the run
    database, read from /proc (the server runs on this machine). A backend that closed before
    the end (the import's short probe connection) is not counted."""
    import psycopg

    ticks = os.sysconf("SC_CLK_TCK")
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={RUN_DB}") as c:
        own = c.execute("SELECT pg_backend_pid()").fetchone()[0]
        pids = [
            r[0]
            for r in c.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s", [RUN_DB, own]
            )
        ]
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def _trace():
    """Time spent in the import's main steps (wrapped functions; nested steps overlap)."""
    from gonghui.core.imports import base
    from gonghui.members import bulk, importers
    from gonghui.members.importers import roster_commit

    spent = {}

    def wrap(owner, name, label):
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            mark = time.monotonic()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.monotonic() - mark

        setattr(owner, name, timed)

    wrap(base.Importer, "parse", "parse cells")
    wrap(importers.MemberImporter, "check_row", "check rows")
    wrap(importers.MemberImporter, "check_batch", "check against db")
    wrap(importers.MemberImporter, "_copy_new", "write new members")
    wrap(bulk, "copy", "COPY (in write)")
    wrap(roster_commit, "retally", "recount")
    wrap(bulk.BackgroundWriter, "wait", "wait for writer")
    return spent


def measure(path, tool, rows, flow="ui"):
    fresh_run_db()
    proc = subprocess.run(
        [sys.executable, __file__, "--run-one", str(path), "--tool", tool],
        env={**_env(RUN_DB), "BENCH_FLOW": flow},
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        print(proc.stdout[-3000:], proc.stderr[-5000:])
        raise SystemExit(f"{tool} failed")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    total = result["times"]["total"]
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in result["times"].items() if k != "total")
    label = f"{tool} ({flow})" if tool == "gonghui" else tool
    load = ", ".join(f"{x:.1f}" for x in result["load"])
    print(
        f"{label:<15} {rows:>9,} rows  {total:8.1f} s  {rows / total:9,.0f} rows/s  "
        f"peak {result['peak_mb']} MB  CPU python {result['cpu_python']:.1f} s, "
        f"postgres {result['cpu_postgres']:.1f} s (python's main thread "
        f"{result['cpu_python_main_thread']:.1f} s)  load {load}  ({phases}; "
        f"members {result['members']:,}, events {result['events']:,})",
        flush=True,
    )
    return total, result["cpu_python"] + result["cpu_postgres"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument(
        "--flow",
        choices=["api", "both"],
        default="both",
        help="api: upload and commit in one call (validation in the same pass); "
        "both: also the page's flow, a validation pass (preview) then commit",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=0,
        metavar="N",
        help="N alternating runs of this project and django-import-export's bulk mode on the "
        "same file, each pair's ratio and the median (a steadier ratio on a noisy machine)",
    )
    parser.add_argument("--run-one")
    parser.add_argument("--tool", default="gonghui")
    args = parser.parse_args()
    if args.run_one:
        return run_one(Path(args.run_one), args.tool)
    prepare_base()
    path = write_file(args.rows, args.format, employer_names())
    ours, ours_cpu = measure(path, "gonghui", args.rows, "api")
    if args.flow == "both":
        measure(path, "gonghui", args.rows, "ui")
    if args.pairs:
        ratios = []
        for n in range(1, args.pairs + 1):
            mine = ours if n == 1 else measure(path, "gonghui", args.rows, "api")[0]
            bulk, _ = measure(path, "iie-bulk", args.rows)
            ratios.append(bulk / mine)
            print(f"pair {n}: {bulk / mine:.2f}× its bulk mode (wall)", flush=True)
        print(f"median of {len(ratios)} pairs: {statistics.median(ratios):.2f}× its bulk mode")
    if args.compare:  # its bulk mode first: the defaults take minutes
        bulk, bulk_cpu = measure(path, "iie-bulk", args.rows)
        print(f"ratio vs its bulk mode: {bulk / ours:.1f}× wall, {bulk_cpu / ours_cpu:.1f}× CPU")
        plain, plain_cpu = measure(path, "iie", args.rows)
        print(
            f"ratio vs django-import-export defaults: {plain / ours:.1f}× wall, "
            f"{plain_cpu / ours_cpu:.1f}× CPU; vs its bulk mode: {bulk / ours:.1f}× wall, "
            f"{bulk_cpu / ours_cpu:.1f}× CPU (CPU: Python + PostgreSQL seconds)"
        )


if __name__ == "__main__":
    main()
