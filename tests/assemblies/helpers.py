"""Set-up for congress tests: members, a congress with delegates, a session, polls."""

import datetime
import itertools

from django.utils import timezone

from gonghui.assemblies import services
from gonghui.members.models import Member
from tests.conftest import MARKER_A, acting

_seq = itertools.count(1)

SURNAMES = "王刘李杨张陈周赵黄吴徐孙胡朱高林何郭马罗"


def id_number(n):
    from stdnum.cn import ric

    body = f"11010119900101{n:03d}"
    return body + ric.calc_check_digit(body)


def make_member(org, name, *, gender="M", user=None):
    n = next(_seq)
    return Member.unscoped.create(
        org=org,
        name=name,
        gender=gender,
        birth_date=datetime.date(1990, 1, 1),
        id_number=id_number(n),
        phone=f"139{n:08d}",
        join_date=datetime.date(2015, 1, 1),
        card_number=f"T{n:08d}",
        user=user,
    )


def make_congress(cast, *, seats=6, delegates=6, **kwargs):
    """Union A's workers' congress with ``delegates`` voting delegates; the first is the member
    user's delegacy."""
    with acting(cast.chair_a):
        congress = services.create_congress(
            actor=cast.chair_a,
            org=cast.union_a,
            kind="workers",
            name=f"{MARKER_A}第一届职代会",
            term_start=datetime.date(2025, 1, 1),
            seats=seats,
            employer=cast.employer_a,
            workforce_women_percent=30,
            **kwargs,
        )
        people = []
        for i in range(delegates):
            user = cast.member_user if i == 0 else None
            member = make_member(
                cast.union_a, f"{SURNAMES[i]}代表{i}", user=user, gender="F" if i % 3 == 0 else "M"
            )
            people.append(
                services.add_delegate(
                    actor=cast.chair_a,
                    congress=congress,
                    member=member,
                    is_frontline=i % 2 == 0,
                    in_presidium=i < 2,
                )
            )
    return congress, people


def make_session(cast, congress, *, open_=True):
    with acting(cast.chair_a):
        session = services.create_session(
            actor=cast.chair_a,
            congress=congress,
            title=f"{MARKER_A}职代会第一次会议",
            starts_at=timezone.now() + datetime.timedelta(days=8),
            agenda=["审议集体合同"],
        )
        if open_:
            services.open_session(actor=cast.chair_a, session=session)
    return session


def check_in_all(cast, session, delegates):
    with acting(cast.chair_a):
        for d in delegates:
            services.check_in_delegate(actor=cast.chair_a, session=session, delegate=d)


def vote_users(cast, delegates):
    """Give every delegate's member a login (so they can vote as themselves)."""
    from gonghui.core.models import User

    for d in delegates:
        if d.member.user_id is None:
            user = User.objects.create(username=f"delegate-{d.pk}", full_name=d.member.name)
            d.member.user = user
            d.member.save()
    return delegates


# The scrutineers of a secret electronic poll and the passphrases they unlock it with.
SCRUTINEERS = {
    "chief": ("赵总监", "chief-pass-1"),
    "members": [("钱监票", "member-pass-1"), ("孙监票", "member-pass-2")],
}
UNLOCK = {"chief_passphrase": "chief-pass-1", "member_passphrase": "member-pass-2"}
