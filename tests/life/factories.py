"""Set-up helpers for union-life tests: members with logins, and notices, activities and
surveys made through the services."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from gonghui.core.models import RoleAssignment, User
from gonghui.life.services import activities, notices, surveys
from tests.conftest import MARKER_A, acting

_seq = itertools.count(1)


def make_member(org, name, *, login=True, phone=True):
    """A member of ``org``; with ``login`` a user holding the member role there."""
    from gonghui.members.models import Member

    n = next(_seq)
    body = f"32010219900202{n:03d}"
    user = None
    if login:
        user = User.objects.create(username=f"life-member-{n}", full_name=name)
        RoleAssignment.objects.create(user=user, org=org, role="member")
    return Member.unscoped.create(
        org=org, user=user, name=name, gender="F", birth_date=datetime.date(1990, 2, 2),
        id_number=body + ric.calc_check_digit(body), phone=f"137{n:08d}" if phone else "",
        join_date=datetime.date(2016, 1, 1), card_number=f"LIFE-{n:05d}",
    )  # fmt: skip


def link_member(user, org, name):
    """A member record for an existing user (e.g. the cast's member_user)."""
    from gonghui.members.models import Member

    n = next(_seq)
    body = f"32010219900303{n:03d}"
    return Member.unscoped.create(
        org=org, user=user, name=name, gender="M", birth_date=datetime.date(1990, 3, 3),
        id_number=body + ric.calc_check_digit(body), phone=f"136{n:08d}",
        join_date=datetime.date(2016, 1, 1), card_number=f"LIFEU-{n:05d}",
    )  # fmt: skip


def make_notice(user, org, *, publish=True, title=None, **kwargs):
    options = {"reach": "subtree", "audience": "all", "response": "none"} | kwargs
    with acting(user):
        notice = notices.draft_notice(
            actor=user, org=org, title=title or f"{MARKER_A}通知", body="<p>正文</p>", **options
        )
        if publish:
            notice = notices.publish_notice(actor=user, notice=notice)
    return notice


def make_activity(user, org, *, quota=3, title=None, **kwargs):
    now = timezone.now()
    options = {
        "kind": "sports", "place": "篮球场", "starts_at": now + datetime.timedelta(days=7),
        "ends_at": now + datetime.timedelta(days=7, hours=2),
        "signup_deadline": now + datetime.timedelta(days=5),
        "cancel_cutoff": now + datetime.timedelta(days=6), "hours": Decimal("2.5"),
    } | kwargs  # fmt: skip
    with acting(user):
        return activities.create_activity(
            actor=user, org=org, title=title or f"{MARKER_A}运动会", quota=quota, **options
        )


def make_survey(user, org, *, anonymous=True, open_=True, title=None):
    with acting(user):
        survey = surveys.create_survey(
            actor=user, org=org, title=title or f"{MARKER_A}问卷", anonymous=anonymous,
            closes_on=timezone.localdate() + datetime.timedelta(days=10),
        )  # fmt: skip
        surveys.add_question(actor=user, survey=survey, kind="single", text="最想参加",
                             choices=["球赛", "读书", "亲子"])  # fmt: skip
        surveys.add_question(actor=user, survey=survey, kind="multi", text="方便时间",
                             choices=["周末", "工作日晚"])  # fmt: skip
        surveys.add_question(actor=user, survey=survey, kind="scale", text="满意度", scale_max=5)
        surveys.add_question(actor=user, survey=survey, kind="text", text="建议", required=False)
        if open_:
            surveys.open_survey(actor=user, survey=survey)
    return survey


def make_course(user, org, *, title=None, hours=Decimal("4"), **kwargs):
    from gonghui.life.services import courses

    options = {"starts_on": timezone.localdate() + datetime.timedelta(days=3)} | kwargs
    with acting(user):
        return courses.create_course(
            actor=user, org=org, title=title or f"{MARKER_A}安全培训", hours=hours, **options
        )


def enrol(member, course):
    from gonghui.life.services import courses

    with acting(member.user):
        return courses.enrol(actor=member.user, course=course)
