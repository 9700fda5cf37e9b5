"""Helpers for honours tests: members, rounds with a scorecard and judges, nominations."""

import datetime
import itertools
from decimal import Decimal

import pytest
from stdnum.cn import ric

from gonghui.honours import services
from gonghui.honours.models import AwardType, NominationStatus
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


def default_award_type(user, org, code="may_day_medal"):
    """One of the default award types of ``org`` (created on first use, as the demo does)."""
    with acting(user):
        services.ensure_default_award_types(actor=user, org=org)
    return AwardType.unscoped.get(org=org, code=code)


def make_round(
    user,
    org,
    *,
    title=None,
    quota=3,
    award_type="may_day_medal",
    deadline=None,
    street_quota=None,
):
    if isinstance(award_type, str):
        award_type = default_award_type(user, org, award_type)
    with acting(user):
        return services.create_round(
            actor=user,
            award_type=award_type,
            year=2026,
            title=title or f"{MARKER_A}五一劳动奖章评选",
            quota=quota,
            street_quota=street_quota,
            nomination_deadline=deadline or datetime.date.today() + datetime.timedelta(days=30),
        )


def _user(username):
    from gonghui.core.models import User

    return User.objects.get(username=username)


def recommend(*nominations):
    """The street stage: the street union's admin (``street``) recommends each nomination."""
    street = _user("street")
    with acting(street):
        for n in nominations:
            n.refresh_from_db()
            if n.status == NominationStatus.NOMINATED:
                services.review(actor=street, nomination=n, decision="street_approve")


def begin_review(cast, round_):
    """The street recommends every nomination waiting for it, then the district starts review."""
    recommend(*round_.nominations.filter(status=NominationStatus.NOMINATED))
    with acting(cast.district_admin):
        return services.start_review(actor=cast.district_admin, round_=round_)


def approve(*nominations):
    """The organiser stage: the district's reviewer approves each nomination under review."""
    reviewer = _user("reviewer")
    with acting(reviewer):
        for n in nominations:
            n.refresh_from_db()
            if n.status == NominationStatus.UNDER_REVIEW:
                services.review(actor=reviewer, nomination=n, decision="approve")


def approve_and_publish(*, actor, nomination, start=None):
    """Approve (as the district's reviewer) a nomination under review, then put it on notice."""
    approve(nomination)
    nomination.refresh_from_db()
    with acting(actor):
        return services.publish_notice(actor=actor, nomination=nomination, start=start)


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
