"""Member search through ``filtered_members`` under a district scope: first page of 20 rows.

    .venv/bin/python bench/search.py --members 200000 --orgs 2000

Query samples come from the seeded roster itself (random members' names, pinyin, initials,
ID and phone tails), so every query finds at least one member.
"""

import random
import time

from common import parse_args, prepare, row


def samples(rng, count):
    from gonghui.core.scoping import scopes_disabled
    from gonghui.members.models import Member

    with scopes_disabled():
        top = Member.unscoped.order_by("-id").values_list("id", flat=True).first()
        ids = [rng.randrange(1, top + 1) for _ in range(count * 3)]
        people = list(
            Member.unscoped.filter(id__in=ids).only(
                "id", "name", "name_pinyin", "name_initials", "id_number", "phone"
            )
        )
    rng.shuffle(people)
    three = [p for p in people if len(p.name) >= 3]
    kinds = {
        "1 character (surname)": [p.name[:1] for p in people],
        "1 character (given name)": [p.name[-1] for p in people],
        "2 characters": [p.name[:2] for p in people],
        "3 characters": [p.name[:3] for p in three],
        "pinyin (full)": [p.name_pinyin for p in people],
        "pinyin (surname prefix)": [p.name_pinyin[:3] for p in people],
        "initials": [p.name_initials for p in people if len(p.name_initials) >= 2],
        "ID tail (6)": [p.id_number[-6:] for p in people],
        "ID tail (4)": [p.id_number[-4:] for p in people],
        "phone tail (4)": [p.phone[-4:] for p in people],
    }
    return {k: v[:count] for k, v in kinds.items()}


def main():
    args = parse_args(__doc__)
    prepare(args.members, args.orgs)
    from django.db import connection

    from gonghui.core.roles import Role
    from gonghui.core.scoping import Scope, activate
    from gonghui.members.selectors import filtered_members
    from gonghui.orgs.models import Org

    root = Org.objects.get(code="Z1")
    scope = Scope(user=None, role=Role.DISTRICT_ADMIN, org_id=root.pk, org_path=root.path)
    rng = random.Random(7)
    kinds = samples(rng, args.samples)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM members_member")
        members = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM members_membersearchkey")
        keys = cursor.fetchone()[0]
    print(f"members {members:,}, search keys {keys:,}, district scope {root.code}")
    with activate(scope):
        for label, queries in kinds.items():
            for q in queries[:10]:  # warm the cache
                list(filtered_members({"q": q})[:21])
            times, found = [], 0
            for q in queries:
                started = time.perf_counter()
                rows = list(filtered_members({"q": q})[:21])[:20]
                times.append((time.perf_counter() - started) * 1000)
                found += len(rows)
            slowest = sorted(zip(times, queries, strict=True), reverse=True)[:3]
            row(
                label,
                times,
                f"avg rows {found / max(1, len(queries)):.1f}; slowest "
                + ", ".join(f"{q} {t:.0f}" for t, q in slowest),
            )


if __name__ == "__main__":
    main()
