"""The demo district: a small, realistic, fictional federation with one login per role.

Apps add their own demo data with ``register_step``; steps run in registration order, inside
``scopes_disabled()``, and must be idempotent (the demo can be loaded twice).
"""

import datetime
import functools
from contextlib import contextmanager

from django.db import transaction
from stdnum.cn import uscc

from gonghui.core.models import RoleAssignment, User
from gonghui.core.roles import Role
from gonghui.core.scoping import activate, scopes_disabled

DEMO_PASSWORD = "gonghui-demo"  # noqa: S105  (documented demo password)

LOGINS = [
    ("district", "王丽", Role.DISTRICT_ADMIN, "HP"),
    ("street", "刘强", Role.UNION_ADMIN, "HP01"),
    ("chair-a", "陈静", Role.UNION_ADMIN, "HP0101"),
    ("chair-b", "周涛", Role.UNION_ADMIN, "HP0102"),
    ("reviewer", "赵敏", Role.REVIEWER, "HP"),
    ("member-a", "张伟", Role.MEMBER, "HP0101"),
]

# code, parent code, kind, name
TREE = [
    ("HP", None, "district", "和平区总工会"),
    ("HP01", "HP", "street", "新华街道工会"),
    ("HP0101", "HP01", "grassroots", "华强精密机械有限公司工会"),
    ("HP010101", "HP0101", "group", "一车间工会小组"),
    ("HP010102", "HP0101", "group", "二车间工会小组"),
    ("HP0102", "HP01", "grassroots", "鑫达物流有限公司工会"),
    ("HP0103", "HP01", "joint", "新华街道新就业形态联合工会"),
    ("HP02", "HP", "street", "东湖街道工会"),
    ("HP0201", "HP02", "grassroots", "东湖钢铁集团有限公司工会"),
    ("HP0202", "HP02", "grassroots", "东湖人民医院工会"),
    ("HP03", "HP", "industry", "和平区教育工会"),
    ("HP0301", "HP03", "grassroots", "和平区第一实验小学工会"),
]

# org code, name, industry, ownership, headcount, registration-area prefix
EMPLOYERS = [
    ("HP0101", "华强精密机械有限公司", "manufacturing", "private", 420),
    ("HP0102", "鑫达物流有限公司", "logistics", "private", 260),
    ("HP0103", "闪送达同城配送服务有限公司", "platform", "private", 180),
    ("HP0103", "顺途网约车科技有限公司", "platform", "private", 95),
    ("HP0201", "东湖钢铁集团有限公司", "manufacturing", "state", 3200),
    ("HP0202", "东湖人民医院", "health", "institution", 860),
    ("HP0301", "和平区第一实验小学", "education", "institution", 140),
    ("HP01", "新华便民超市", "retail", "private", 35),
    ("HP02", "东湖建筑工程有限公司", "construction", "private", 210),
]

_STEPS = []


def register_step(step):
    if step not in _STEPS:
        _STEPS.append(step)


def scoping_off(step):
    """A demo step runs with scoping off, as ``load_demo`` runs every step, also when a test
    calls it alone: it reads and writes through ``Model.objects``; only an ``acting`` block
    turns a login's scope on (a read there that must see past that scope says so)."""

    @functools.wraps(step)
    def run(*args, **kwargs):
        with scopes_disabled():
            return step(*args, **kwargs)

    return run


@contextmanager
def acting(username, org_code=None, role=None):
    """Act as the demo login ``username``: inside the block the scope of its assignment (at
    ``org_code``, in ``role``, where given; else its first active one) is active; the block
    gets the user."""
    from gonghui.core.access import scope_for_assignment

    assignments = RoleAssignment.objects.filter(user__username=username, is_active=True)
    if org_code is not None:
        assignments = assignments.filter(org__code=org_code)
    if role is not None:
        assignments = assignments.filter(role=role)
    assignment = assignments.select_related("org", "user").order_by("id").first()
    with activate(scope_for_assignment(assignment)):
        yield assignment.user


def credit_code(seed):
    body = f"91320102MA{seed:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def _load_tree():
    from .tree import Org

    orgs = {}
    for code, parent_code, kind, name in TREE:
        org = Org.objects.filter(code=code).first()
        if org is None:
            if parent_code is None:
                org = Org.objects.add_root(
                    {
                        "code": code,
                        "kind": kind,
                        "name": name,
                        "established_on": datetime.date(1951, 5, 1),
                    }
                )
            else:
                parent = Org.objects.get(code=parent_code)
                org = Org.objects.add_child(
                    parent,
                    {
                        "code": code,
                        "kind": kind,
                        "name": name,
                        "established_on": datetime.date(2008, 3, 15),
                    },
                )
        orgs[code] = org
    return orgs


def demo_login(username, full_name, org, role):
    """The demo login ``username`` (made with the demo password when new) holding ``role`` at
    ``org``: ``(user, assignment)``."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, org=org, role=role)
    return user, assignment


def _load_users(orgs):
    for username, full_name, role, code in LOGINS:
        demo_login(username, full_name, orgs[code], role)


@transaction.atomic
def load_demo(stdout=None):
    with scopes_disabled():
        orgs = _load_tree()
        _load_users(orgs)
        for step in _STEPS:
            step(orgs)
    return orgs
