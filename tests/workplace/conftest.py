"""Workers (members linked to logins) for the workplace tests."""

import datetime
from types import SimpleNamespace

import pytest

from tests.conftest import MARKER_A, _assign, _ck, _user


def make_member(user, org, employer, n):
    from gonghui.members.models import Member

    return Member.unscoped.create(
        org=org,
        employer=employer,
        user=user,
        name=f"职工{n}",
        gender="M",
        birth_date=datetime.date(1990, 1, 1),
        id_number=f"11010119900101{n:03d}X",
        join_date=datetime.date(2020, 1, 1),
        card_number=f"WP-{n:05d}",
    )


@pytest.fixture
def workers(cast):
    """``a``: member-a, a worker of employer A; ``a2``: a worker of a second employer under union
    A (same union, other employer); ``b``: a worker of employer B (union B)."""
    from gonghui.orgs.models import Employer

    employer_a2 = Employer.unscoped.create(
        org=cast.union_a,
        name=f"{MARKER_A}二厂有限公司",
        credit_code="91320102MA1000003" + _ck("91320102MA1000003"),
        industry="manufacturing",
        ownership="private",
        headcount=80,
    )
    user_a2 = _user("worker-a2", "甲二厂职工")
    _assign(user_a2, cast.union_a, "member")
    user_b = _user("worker-b", "乙职工")
    _assign(user_b, cast.union_b, "member")
    return SimpleNamespace(
        a=make_member(cast.member_user, cast.union_a, cast.employer_a, 1),
        a2=make_member(user_a2, cast.union_a, employer_a2, 2),
        b=make_member(user_b, cast.union_b, cast.employer_b, 3),
        user_a=cast.member_user,
        user_a2=user_a2,
        user_b=user_b,
        employer_a2=employer_a2,
    )
