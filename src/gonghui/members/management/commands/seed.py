"""``gonghui seed --members N --orgs M --seed S``: a reproducible synthetic district.

A district root with streets, an industry union and grassroots unions (some with groups),
employers with valid credit codes (unionised ones and uncovered small firms), and members with
realistic names, valid ID and phone numbers, statuses and their histories. The same seed gives
the same district. Rows are written in bulk: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.
"""

import datetime
import io
import math
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from gonghui.core import crypto
from gonghui.core.pgcopy import copy_text
from gonghui.core.scoping import scopes_disabled
from gonghui.core.text.uscc import make_uscc
from gonghui.members import search, synthetic
from gonghui.members.bulk import EVENT_COLUMNS, MEMBER_COLUMNS
from gonghui.members.models import (
    JOIN_NOTE,
    EventKind,
    Member,
    MemberSearchKey,
    MembershipEvent,
    MemberStatus,
    event_note,
)
from gonghui.members.services import card_number_for
from gonghui.members.tallies import retally
from gonghui.orgs.models import Employer, Org

BATCH = 5000
JOINED = event_note(JOIN_NOTE)  # the join event's note, as create_member writes it
# (status, cumulative share): most members are active; some retired, unemployed or gone.
STATUS_SHARES = [
    (MemberStatus.ACTIVE, 0.90),
    (MemberStatus.RETIRED, 0.94),
    (MemberStatus.UNEMPLOYED, 0.96),
    (MemberStatus.WITHDRAWN, 0.98),
    (MemberStatus.TRANSFERRED_OUT, 0.99),
    (MemberStatus.DECEASED, 1.0),
]
INDUSTRIES = [
    "manufacturing",
    "construction",
    "retail",
    "logistics",
    "hospitality",
    "it",
    "finance",
    "education",
    "health",
    "platform",
    "other",
]
OWNERSHIPS = ["private"] * 6 + ["state", "collective", "foreign", "hmt", "institution"]
STREET_NAMES = (
    "新华 东湖 西城 南苑 北关 朝阳 长安 和平 建设 解放 人民 中山 光明 胜利 红星 青年 "
    "花园 滨江 湖滨 金桥 银河 团结 幸福 前进 民主 文化 富强 振兴 兴隆 永安".split()
)
FIRM_WORDS = "华 鑫 达 盛 恒 瑞 丰 泰 宏 利 通 信 安 康 源 航 新 金 远 博 创 联 汇 嘉 力 美".split()
FIRM_KINDS = [
    "精密机械",
    "物流",
    "电子科技",
    "食品",
    "建筑工程",
    "商贸",
    "纺织",
    "医药",
    "软件",
    "餐饮管理",
    "汽车配件",
    "包装材料",
    "物业管理",
    "同城配送",
]


class Command(BaseCommand):
    help = "生成可复现的合成区：组织、单位、会员及会籍记录（--members N --orgs M --seed S）"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--orgs", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--code", default="", help="根组织代码（默认 Z<seed>）")

    def handle(self, *args, members, orgs, seed, code, **options):
        if members < 0 or orgs < 3:
            raise CommandError("--orgs 至少为 3，--members 不能为负数")
        if not 0 <= seed < 60:
            raise CommandError("--seed 应在 0–59 之间（每个种子占用互不重叠的身份证号段）")
        code = code or f"Z{seed}"
        started = time.monotonic()
        with scopes_disabled(), transaction.atomic():
            if Org.objects.filter(code=code).exists():
                raise CommandError(f"组织代码 {code} 已存在：换一个 --seed 或 --code")
            rng = synthetic.rng_for(seed)
            unions = build_tree(rng, code, orgs)
            employers = build_employers(rng, seed, unions)
            self.stdout.write(
                f"组织 {orgs} 个、单位 {len(employers)} 家：{time.monotonic() - started:.1f} 秒"
            )
            written = build_members(rng, seed, members, unions, employers)
            retally(*unions)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"会员 {written} 人（根组织 {code}）：共 {elapsed:.1f} 秒，"
                f"{written / max(elapsed, 1e-6):,.0f} 人/秒"
            )
        )


# --- tree ---------------------------------------------------------------------------------------


def _root_path():
    last = Org.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    return Org._get_path(None, 1, (int(last, 36) if last else 0) + 1)


def build_tree(rng, code, total):
    """The root, streets (and one industry union), grassroots unions (some with a group), written
    with their materialised paths in one bulk insert. Returns the member-holding orgs."""
    streets = max(1, round(math.sqrt(total) / 2))
    grassroots = max(1, total - 1 - streets)
    groups = min(grassroots // 10, max(0, total - 1 - streets - grassroots))
    grassroots -= groups
    root = Org(
        code=code,
        kind="district",
        name=f"合成区{code}总工会",
        path=_root_path(),
        depth=1,
        numchild=streets,
        established_on=datetime.date(1951, 5, 1),
    )
    rows, holders = [root], []
    middles = []
    for s in range(streets):
        kind = "industry" if s == streets - 1 and streets > 2 else "street"
        name = (
            f"{code}区教育工会"
            if kind == "industry"
            else f"{STREET_NAMES[s % len(STREET_NAMES)]}街道工会{'' if s < 30 else s}"
        )
        middles.append(
            Org(
                code=f"{code}-{s + 1:03d}",
                kind=kind,
                name=name,
                path=Org._get_path(root.path, 2, s + 1),
                depth=2,
                numchild=0,
                established_on=datetime.date(1985, 1, 1),
            )
        )
    rows += middles
    for g in range(grassroots):
        parent = middles[g % streets]
        parent.numchild += 1
        firm = _firm_name(rng, g)
        union = Org(
            code=f"{parent.code}-{parent.numchild:04d}",
            kind="grassroots",
            name=f"{firm}工会",
            short_name=firm,
            path=Org._get_path(parent.path, 3, parent.numchild),
            depth=3,
            numchild=0,
            established_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9000)),
        )
        rows.append(union)
        holders.append(union)
    for n in range(groups):
        parent = holders[n]
        parent.numchild += 1
        group = Org(
            code=f"{parent.code}-G{parent.numchild}",
            kind="group",
            name=f"{parent.short_name}一车间工会小组",
            path=Org._get_path(parent.path, 4, 1),
            depth=4,
            numchild=0,
        )
        rows.append(group)
        holders.append(group)
    Org.objects.bulk_create(rows, batch_size=BATCH)
    saved = {o.code: o for o in Org.objects.filter(code__in=[h.code for h in holders])}
    return [saved[h.code] for h in holders]


def _firm_name(rng, index):
    return (
        rng.choice(FIRM_WORDS)
        + rng.choice(FIRM_WORDS)
        + rng.choice(FIRM_KINDS)
        + ("有限公司" if index % 3 else "股份有限公司")
    )


def build_employers(rng, seed, unions):
    """One employer per grassroots union (headcount set later from its members) and a third as
    many small firms with no union, registered at the street level."""
    employers = []
    base = seed * 1_000_000
    for i, union in enumerate(u for u in unions if u.kind == "grassroots"):
        employers.append(
            Employer(
                org=union,
                name=union.short_name or union.name,
                credit_code=make_uscc(base + i, synthetic.AREAS[i % 8]),
                industry=rng.choice(INDUSTRIES),
                ownership=rng.choice(OWNERSHIPS),
                headcount=0,
            )
        )
    streets = list(Org.objects.filter(depth=2, path__startswith=unions[0].path[:4]))
    for j in range(len(employers) // 3):
        employers.append(
            Employer(
                org=streets[j % len(streets)],
                name=_firm_name(rng, j),
                credit_code=make_uscc(base + 500_000 + j, synthetic.AREAS[j % 8]),
                industry=rng.choice(INDUSTRIES),
                ownership="private",
                headcount=rng.randrange(5, 120),
            )
        )
    Employer.objects.bulk_create(employers, batch_size=BATCH)
    return list(
        Employer.objects.filter(credit_code__in=[e.credit_code for e in employers]).select_related(
            "org"
        )
    )


# --- members ------------------------------------------------------------------------------------


def _status(rng):
    draw = rng.random()
    for status, share in STATUS_SHARES:
        if draw < share:
            return status
    return MemberStatus.ACTIVE


def _employer_of(unions, employers):
    by_org = {e.org_id: e for e in employers}
    result = []
    for union in unions:
        employer = by_org.get(union.pk)
        if employer is None and union.kind == "group":
            parent_path = union.path[: -union.steplen]
            employer = next((e for e in employers if e.org.path == parent_path), None)
        result.append(employer)
    return result


def iter_people(rng, seed, count, unions, employers, today):
    """(member fields, status, status date) for ``count`` people spread over ``unions``
    (log-normal sizes, like real unions: many small, a few large)."""
    weights = [rng.lognormvariate(0, 1) for _ in unions]
    union_employer = _employer_of(unions, employers)
    picks = rng.choices(range(len(unions)), weights, k=count)
    base = seed * 5_000_000
    for i, u in enumerate(picks):
        person = synthetic.person(rng, base + i)
        join = synthetic.join_date_for(rng, person["birth_date"], today)
        status = _status(rng)
        changed = join + datetime.timedelta(days=rng.randrange(max(1, (today - join).days)))
        yield u, union_employer[u], person, join, status, changed


def build_members(rng, seed, count, unions, employers):
    today = datetime.date.today()
    rows = iter_people(rng, seed, count, unions, employers, today)
    if connection.vendor == "postgresql":
        written, sizes = _copy_members(rows, unions, count)
    else:
        written, sizes = _bulk_members(rows, unions)
    headcounts = {}
    for (_u, employer), n in sizes.items():
        if employer is not None:
            headcounts[employer.pk] = headcounts.get(employer.pk, 0) + n
    for employer in employers:
        if employer.pk in headcounts:
            employer.headcount = math.ceil(headcounts[employer.pk] / rng.uniform(0.6, 0.95))
    Employer.objects.bulk_update(employers, ["headcount"], batch_size=BATCH)
    return written


def _member(union, employer, person, join, status):
    full, initials = synthetic.keys_of(person["name"])
    return Member(
        org=union,
        org_path=union.path,
        employer=employer,
        join_date=join,
        card_number=card_number_for(person["id_number"]),
        status=status,
        id_tail=person["id_number"][-6:],
        phone_tail=person["phone"][-4:],
        name_pinyin=full,
        name_initials=initials,
        **person,
    )


def _events(member, union, status, changed):
    events = [
        MembershipEvent(
            member=member,
            kind=EventKind.JOIN,
            on_date=member.join_date,
            to_status=MemberStatus.ACTIVE,
            to_org=union,
            note=JOINED,
        )
    ]
    if status != MemberStatus.ACTIVE:
        kind = (
            EventKind.TRANSFER_OUT if status == MemberStatus.TRANSFERRED_OUT else EventKind.STATUS
        )
        events.append(
            MembershipEvent(
                member=member,
                kind=kind,
                on_date=changed,
                from_status=MemberStatus.ACTIVE,
                to_status=status,
                note="合成数据",
            )
        )
    return events


def _bulk_members(rows, unions):
    written, sizes = 0, {}
    while True:
        batch = [next(rows, None) for _ in range(BATCH)]
        batch = [r for r in batch if r is not None]
        if not batch:
            return written, sizes
        members = [_member(unions[u], e, p, j, s) for u, e, p, j, s, _c in batch]
        Member.objects.bulk_create(members, batch_size=BATCH)
        MemberSearchKey.objects.bulk_create(search.keys_for_members(members), batch_size=BATCH)
        events = [
            ev
            for m, (u, _e, _p, _j, s, c) in zip(members, batch, strict=True)
            for ev in _events(m, unions[u], s, c)
        ]
        MembershipEvent.objects.bulk_create(events, batch_size=BATCH)
        for u, e, *_rest in batch:
            sizes[(u, e)] = sizes.get((u, e), 0) + 1
        written += len(batch)


# --- PostgreSQL: COPY -----------------------------------------------------------------------------

BIG_LOAD = 50_000
TABLES = ("members_member", "members_membershipevent", "members_membersearchkey")


def _drop_secondary_indexes(cur):
    """Drop the non-unique indexes of the two tables (rebuilt once after a big load, which is
    several times faster than maintaining a dozen indexes row by row). Returns their DDL."""
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c "
        "ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
        "WHERE i.tablename = ANY(%s) AND NOT x.indisunique",
        [list(TABLES)],
    )
    found = cur.fetchall()
    for name, _ddl in found:
        cur.execute(f'DROP INDEX "{name}"')
    return [ddl for _name, ddl in found]


def _copy_members(rows, unions, count=0):
    """COPY into the tables with ids taken from the sequence up front (events need them)."""
    from gonghui.core.fields import index_value

    id_field = Member._meta.get_field("id_number")
    phone_field = Member._meta.get_field("phone")
    now = timezone.now()
    written, sizes = 0, {}
    raw = connection.connection  # psycopg 3 connection under Django's wrapper
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM members_member")
        next_id = cursor.fetchone()[0] + 1
    member_buf, event_buf, key_buf = io.StringIO(), io.StringIO(), io.StringIO()
    with raw.cursor() as cur:
        rebuild = _drop_secondary_indexes(cur) if count >= BIG_LOAD else []
        for u, employer, person, join, status, changed in rows:
            member = _member(unions[u], employer, person, join, status)
            member.id = next_id
            next_id += 1
            values = [
                member.id,
                member.org_id,
                member.org_path,
                member.employer_id,
                member.name,
                member.name_pinyin,
                member.name_initials,
                member.gender,
                member.ethnicity,
                member.birth_date,
                crypto.encrypt(member.id_number),
                index_value(id_field, member.id_number),
                member.id_tail,
                crypto.encrypt(member.phone),
                index_value(phone_field, member.phone),
                member.phone_tail,
                member.education,
                member.political_status,
                member.employment_form,
                member.join_date,
                member.card_number,
                member.status,
                1,
                now,
                now,
            ]
            member_buf.write("\t".join(copy_text(v) for v in values) + "\n")
            for ev in _events(member, unions[u], status, changed):
                event_buf.write(
                    "\t".join(
                        copy_text(v)
                        for v in [
                            member.id,
                            ev.kind,
                            ev.on_date,
                            ev.from_status,
                            ev.to_status,
                            ev.from_org_id,
                            ev.to_org_id,
                            ev.note,
                            None,  # no actor: synthetic history
                            now,
                        ]
                    )
                    + "\n"
                )
            key_buf.write(search.copy_rows(member.id, member.name, member.id_number, member.phone))
            sizes[(u, employer)] = sizes.get((u, employer), 0) + 1
            written += 1
            if written % BATCH == 0:
                _flush(cur, member_buf, event_buf, key_buf)
                member_buf, event_buf, key_buf = io.StringIO(), io.StringIO(), io.StringIO()
        _flush(cur, member_buf, event_buf, key_buf)
        if rebuild:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks first
        for ddl in rebuild:
            cur.execute(ddl)
        if rebuild:  # fresh statistics: the search index's plans depend on them
            cur.execute(f"ANALYZE {', '.join(TABLES)}")
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('members_member', 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM members_member))"
        )
    return written, sizes


def _flush(cur, member_buf, event_buf, key_buf):
    for table, columns, buf in (
        ("members_member", MEMBER_COLUMNS, member_buf),
        ("members_membershipevent", EVENT_COLUMNS, event_buf),
        ("members_membersearchkey", ["member_id", "key"], key_buf),
    ):
        if not buf.tell():
            continue
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buf.getvalue())
