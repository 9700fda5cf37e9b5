"""Set-up helpers for the rights tests: requests filed through the services."""

import datetime

from django.utils import timezone

from gonghui.rights import services
from gonghui.rights.enums import Category, Channel
from tests.conftest import MARKER_A, acting


def aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def file_request(
    cast,
    *,
    user=None,
    category=Category.WAGES,
    now=None,
    anonymous=False,
    employer=None,
    affected=1,
    title=None,
):
    """A worker of union A files a request from the phone (logged in as ``user``)."""
    user = user or cast.member_user
    with acting(user):
        req, code = services.submit_request(
            actor=user,
            category=category,
            channel=Channel.APP,
            title=title or f"{MARKER_A}拖欠工资",
            description="三个月工资未发",
            employer=employer or cast.employer_a,
            affected_workers=affected,
            anonymous=anonymous,
            contact_phone="" if anonymous else "13800001234",
            now=now,
        )
    return req, code


def hotline_request(cast, *, category=Category.CONTRACT, now=None):
    with acting(cast.chair_a):
        req, code = services.submit_request(
            actor=cast.chair_a,
            category=category,
            channel=Channel.HOTLINE,
            title=f"{MARKER_A}合同纠纷",
            description="未签劳动合同",
            employer=cast.employer_a,
            contact_name="李四",
            contact_phone="13900005678",
            now=now,
        )
    return req, code
