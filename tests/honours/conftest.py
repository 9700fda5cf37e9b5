"""Helpers for honours tests: members, rounds with a scorecard and judges, nominations."""

import datetime
import itertools
from decimal import Decimal

import pytest
from stdnum.cn import ric

from gonghui.honours import services
from gonghui.honours.models import AwardType
from tests.conftest import MARKER_A, acting

_seq = itertools.count(1)


def make_member(org, name, employer=None):
    from gonghui.members.models import Member

    n = next(_seq)
    body = f"32010219880101{n:03d}"
    return Member.unscoped.create(
        org=org,
        employer=employer,
        name=name,
        gender="M",
        birth_date=datetime.date(1988, 1, 1),
        id_number=body + ric.calc_check_digit(body),
        phone=f"139{n:08d}",
        join_date=datetime.date(2015, 1, 1),
        card_number=f"TEST-{n:05d}",
    )


def make_round(
    user, org, *, title=None, quota=3, award_type=AwardType.MAY_DAY_MEDAL, deadline=None
):
    with acting(user):
        return services.create_round(
            actor=user,
            org=org,
            year=2026,
            award_type=award_type,
            title=title or f"{MARKER_A}五一劳动奖章评选",
            quota=quota,
            nomination_deadline=deadline or datetime.date.today() + datetime.timedelta(days=30),
        )


def nominate(
    user, round_, org, member, *, frontline=False, head=False, deeds="长期扎根生产一线，成绩突出。"
):
    with acting(user):
        return services.submit_nomination(
            actor=user,
            round_=round_,
            org=org,
            member=member,
            deeds=deeds,
            is_frontline=frontline,
            is_enterprise_head=head,
        )


def add_scorecard(user, round_, weights=(Decimal(60), Decimal(40))):
    with acting(user):
        return [
            services.add_criterion(actor=user, round_=round_, name=f"项{i}", weight=w)
            for i, w in enumerate(weights, start=1)
        ]


@pytest.fixture
def district_round(cast):
    return make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")


@pytest.fixture
def a_nomination(cast, district_round):
    member = make_member(cast.union_a, f"{MARKER_A}张三", cast.employer_a)
    return nominate(
        cast.chair_a,
        district_round,
        cast.union_a,
        member,
        frontline=True,
        deeds=f"{MARKER_A}张三的事迹：焊接工艺改进。",
    )
