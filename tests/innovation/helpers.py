"""Set-up helpers shared by the innovation tests."""

import datetime
import itertools

from gonghui.members.models import Member

_seq = itertools.count(1)


def make_member(org, name, user=None, employer=None):
    n = next(_seq)
    return Member.unscoped.create(
        org=org,
        employer=employer,
        user=user,
        name=name,
        gender="M",
        birth_date=datetime.date(1988, 5, 1),
        id_number=f"11010519880501{n:03d}1",
        phone=f"1380000{n:04d}",
        join_date=datetime.date(2015, 1, 1),
        card_number=f"T{n:07d}",
    )


def make_user(username, full_name):
    from gonghui.core.models import User

    return User.objects.create(username=username, full_name=full_name)


def assign(user, org, role):
    from gonghui.core.models import RoleAssignment

    return RoleAssignment.objects.create(user=user, org=org, role=role)
