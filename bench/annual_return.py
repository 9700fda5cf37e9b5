"""The annual statistics return (工会统计年报, reports' ``returns.annual_return``) computed from
live data with the shipped layout: the whole district, and each of its streets, for last year
(members at that year end rebuilt from their dated history) and for this year (as of today).

Target (issue 16): the district in under 10 s, any street in under 1 s, on the seeded
district of 1,000,000 members / 10,000 orgs. Each source table is read once per return (one
query with a filtered count or sum per cell); the bench prints the queries a return takes.

On a shared machine wall times say little: beside them the bench prints the CPU time the
PostgreSQL backend spent per return (``/proc/<backend pid>/stat``; parallel query is switched off
for the session so that the one backend does all the work) and this process's own CPU time.

    GONGHUI_BENCH_DB=gh_reports_bench .venv/bin/python bench/annual_return.py \\
        --members 1000000 --orgs 10000
"""

import datetime
import os
import time

from common import ROOT_CODE, parse_args, prepare, row


def _backend_cpu_ms(pid):
    """User + system CPU time of the PostgreSQL backend ``pid`` (same machine), in ms."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    args = parse_args(__doc__)
    prepare(args.members, args.orgs)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.roles import Role
    from gonghui.core.scoping import Scope, activate, scopes_disabled
    from gonghui.orgs.models import Org
    from gonghui.reports.returns import annual_return

    this_year = datetime.date.today().year
    with scopes_disabled():
        root = Org.objects.get(code=ROOT_CODE)
        streets = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1))
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    print(f"load average {os.getloadavg()[0]:.1f} (1 min) at start")
    scope = Scope(user=None, role=Role.DISTRICT_ADMIN, org_id=root.pk, org_path=root.path)
    with activate(scope):
        for year in (this_year - 1, this_year):
            for label, orgs in (("district", [root] * 3), ("street", streets)):
                times, backend_cpu, own_cpu = [], [], []
                for org in orgs:
                    started = time.perf_counter()
                    cpu_started = (_backend_cpu_ms(backend), time.process_time())
                    with CaptureQueriesContext(connection) as queries:
                        result = annual_return(org, year)
                    times.append((time.perf_counter() - started) * 1000)
                    backend_cpu.append(_backend_cpu_ms(backend) - cpu_started[0])
                    own_cpu.append((time.process_time() - cpu_started[1]) * 1000)
                    assert result["tables"]
                members = next(t for t in result["tables"] if t.code == "表四").rows[0][1][0]
                row(
                    f"annual_return ({label}, {year})",
                    times,
                    f"queries {len(queries)}, last org's members {members.value:,}; CPU p50: "
                    f"PostgreSQL {_median(backend_cpu):,.0f} ms (max {max(backend_cpu):,.0f}), "
                    f"Python {_median(own_cpu):,.0f} ms; load {os.getloadavg()[0]:.1f}",
                )


if __name__ == "__main__":
    main()
