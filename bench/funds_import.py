"""Union-funds statement benchmark (issue 18): one month of a district's tax-office statement,
50,000 lines, through the real import path (upload, header detection, validation of every row,
commit: lines inserted once, each known payer's line shared between union, street and district
and posted with balances under row locks), on PostgreSQL; then the same file again, which must
post nothing.

    .venv/bin/python bench/funds_import.py --lines 50000

The database ``gonghui_funds_bench`` (``--db`` or ``GONGHUI_BENCH_DB`` name another) is dropped
and migrated afresh on every run (kept with ``--reuse``). The tree is a
district with 20 streets, 2,000 grassroots unions (one employer each) and 500 employers without
a union (preparatory funds); about 5% of the lines come from payers nobody knows yet.
"""

import argparse
import csv
import datetime
import io
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("GONGHUI_BENCH_DB", "gonghui_funds_bench")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def _use_database(name):
    global DB_NAME, DB_URL
    DB_NAME, DB_URL = name, f"postgres://postgres@127.0.0.1:5432/{name}"


def _fresh_database():
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{DB_NAME}"')
    env = {**os.environ, "DATABASE_URL": DB_URL, "GONGHUI_DEMO": "1"}
    gonghui = Path(sys.executable).parent / "gonghui"  # the venv this bench runs in
    subprocess.run([str(gonghui), "migrate", "-v", "0"], env=env, check=True)


def _setup_django():
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("GONGHUI_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()


def _tree(unions, bare):
    from stdnum.cn import uscc

    from gonghui.core.models import RoleAssignment, User
    from gonghui.orgs.models import Employer, Org

    district = Org.objects.add_root({"code": "BD", "kind": "district", "name": "基准区总工会"})
    streets = [
        Org.objects.add_child(
            district, {"code": f"BS{i:02d}", "kind": "street", "name": f"基准街道{i}"}
        )
        for i in range(20)
    ]
    employers = []
    for i in range(unions + bare):
        street = streets[i % 20]
        org = (
            Org.objects.add_child(
                street, {"code": f"BU{i:05d}", "kind": "grassroots", "name": f"基准公司{i}工会"}
            )
            if i < unions
            else street
        )
        body = f"91320102MA{i:07d}"
        employers.append(Employer(org=org, name=f"基准公司{i}", credit_code=body + uscc.calc_check_digit(body),
                                  industry="manufacturing", ownership="private"))  # fmt: skip
    Employer.unscoped.bulk_create(employers, batch_size=2000)
    user = User.objects.create(username="bench-district", full_name="区管理员")
    return district, RoleAssignment.objects.create(user=user, org=district, role="district_admin")


def _empty_funds():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE funds_posting, funds_entry, funds_balance, funds_statementline, "
            "funds_payeralias, core_importjob CASCADE"
        )


def _statement(n, employers, month):
    rng = random.Random(1)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["工会经费代收明细"])
    w.writerow(["电子税票号码", "纳税人识别号", "纳税人名称", "税款所属期", "入库日期", "实缴金额"])
    for i in range(n):
        e = employers[rng.randrange(len(employers))]
        amount = Decimal(rng.randrange(10_000, 2_000_000)) / 100
        if i % 20 == 0:  # an agent paying on someone's behalf: nobody knows the name yet
            code, name = "", f"代缴户{rng.randrange(500)}"
        else:
            code, name = e.credit_code, e.name
        w.writerow(
            [
                f"332{month:%Y%m}{i:08d}",
                code,
                name,
                f"{month:%Y-%m}",
                f"{month:%Y-%m}-15",
                f"{amount:.2f}",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _backend_cpu():
    """CPU seconds (user + system) used so far by this connection's PostgreSQL backend, read
    from /proc (the server runs on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _import(data, assignment, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core.access import scope_for_assignment
    from gonghui.core.imports import services
    from gonghui.core.scoping import activate

    with activate(scope_for_assignment(assignment)):
        started, cpu, backend = time.monotonic(), time.process_time(), _backend_cpu()
        job = services.start_import(actor=assignment.user, assignment=assignment, importer_key="funds_statement",
                                    org=district, upload=SimpleUploadedFile("statement.csv", data), api=True)  # fmt: skip
        job = services.commit_job(job, "all")
        wall = time.monotonic() - started
        times = f"wall {wall:6.1f} s, CPU python {time.process_time() - cpu:5.1f} s, postgres {_backend_cpu() - backend:5.1f} s"  # fmt: skip
        return wall, times, job


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--unions", type=int, default=2_000)
    parser.add_argument("--bare", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="keep the tree of an earlier run")
    parser.add_argument("--db", default=DB_NAME, help="database name (dropped unless --reuse)")
    args = parser.parse_args()
    _use_database(args.db)
    sys.path.insert(0, str(ROOT / "src"))
    t0 = time.monotonic()
    if not args.reuse:
        _fresh_database()
    _setup_django()
    from gonghui.core.models import RoleAssignment
    from gonghui.funds.models import Balance, Entry, Posting, StatementLine
    from gonghui.orgs.models import Employer, Org

    if args.reuse:
        _empty_funds()
        district = Org.objects.get(code="BD")
        assignment = RoleAssignment.objects.get(org=district, role="district_admin")
    else:
        district, assignment = _tree(args.unions, args.bare)
    employers = list(Employer.unscoped.order_by("pk"))
    data = _statement(args.lines, employers, datetime.date(2026, 3, 1))
    print(
        f"set-up (reuse={args.reuse}, tree of {args.unions} unions): {time.monotonic() - t0:.1f} s"
    )
    print(f"statement: {args.lines:,} lines, {len(data) / 1e6:.1f} MB CSV")

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    seconds, times, job = _import(data, assignment, district)
    print(f"first import:  {times}  ({args.lines / seconds:,.0f} lines/s)  status={job.status}  "
          f"counts={job.result.get('counts')}")  # fmt: skip
    entries, postings = Entry.unscoped.count(), Posting.unscoped.count()
    print(f"  entries {entries:,}, postings {postings:,}, balances {Balance.unscoped.count():,}, "
          f"lines {StatementLine.unscoped.count():,}")  # fmt: skip

    seconds, times, job = _import(data, assignment, district)
    print(f"second import: {times}  status={job.status}  counts={job.result.get('counts')}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    assert Entry.unscoped.count() == entries and Posting.unscoped.count() == postings, (
        "re-import posted"
    )
    print("  re-import posted nothing: entries and postings unchanged")


if __name__ == "__main__":
    main()
