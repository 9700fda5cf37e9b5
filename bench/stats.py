"""Subtree statistics from the kept roll-ups (reports' ``OrgRollup``): the time of
``recompute_all`` and p50/p95 of reading one org's figures and its children's, as the reports
page does (``figures_for([org, *children])`` plus the rates it shows), for random orgs.

    .venv/bin/python bench/stats.py --members 200000 --orgs 2000
"""

import random
import time

from common import parse_args, prepare, row


def main():
    args = parse_args(__doc__)
    prepare(args.members, args.orgs)
    from gonghui.core.roles import Role
    from gonghui.core.scoping import Scope, activate, scopes_disabled
    from gonghui.orgs import selectors as org_selectors
    from gonghui.orgs.models import Org
    from gonghui.reports.figures import figures_for
    from gonghui.reports.models import OrgRollup
    from gonghui.reports.services import recompute_all

    with scopes_disabled():
        started = time.perf_counter()
        orgs = recompute_all()
        took = time.perf_counter() - started
        root = Org.objects.get(code="Z1")
        org_ids = list(Org.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
        rollups = OrgRollup.unscoped.count()
    print(f"recompute_all: {orgs} orgs ({rollups} roll-up rows) in {took:.2f} s")
    scope = Scope(user=None, role=Role.DISTRICT_ADMIN, org_id=root.pk, org_path=root.path)
    rng = random.Random(11)
    # Random orgs, plus the district and its streets (the widest subtrees) every time.
    picks = [rng.choice(org_ids) for _ in range(args.samples)]
    with activate(scope):
        wide = [
            root.pk,
            *Org.objects.filter(path__startswith=root.path, depth=2).values_list("pk", flat=True),
        ]
        for label, ids in (("random org", picks), ("district + streets", wide * 5)):
            times = []
            for pk in ids:
                started = time.perf_counter()
                org = Org.objects.get(pk=pk)
                children = list(org_selectors.children_of(org).filter(status="active"))
                own, *rest = figures_for([org, *children], "all", "all")
                shown = [(f.members, f.membership_rate, f.unionisation_rate) for f in [own, *rest]]
                times.append((time.perf_counter() - started) * 1000)
                assert own.rollup is not None and shown
            row(f"figures_for ({label})", times)


if __name__ == "__main__":
    main()
