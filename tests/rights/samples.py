"""Objects of union A for the lead's URL-scoping walk (tests/test_url_scoping.py)."""

import datetime

from gonghui.rights.enums import Category, Channel
from gonghui.rights.models import Case, HomeRating, WorkerRequest
from tests.conftest import MARKER_A


def _request(cast, submitter=None):
    return WorkerRequest.unscoped.create(
        org=cast.union_a,
        origin_org=cast.union_a,
        category=Category.WAGES,
        channel=Channel.APP,
        title=f"{MARKER_A}拖欠工资",
        description=f"{MARKER_A}诉求",
        employer=cast.employer_a,
        employer_name=cast.employer_a.name,
        submitter=submitter,
        contact_phone="13800001234",
        tracking_hash=f"sample-{datetime.datetime.now().timestamp()}",
        due_date=datetime.date.today() + datetime.timedelta(days=7),
    )


def _case(cast):
    return Case.unscoped.create(
        org=cast.union_a, kind="mediation", title=f"{MARKER_A}欠薪调解", created_by=cast.chair_a
    )


def _rating(cast):
    return HomeRating.unscoped.create(org=cast.union_a, year=2026)


def _course(cast):
    # Officials' training lives in the learning record (life); the old address redirects to it.
    from gonghui.life.models import Course as LearningCourse

    return LearningCourse.unscoped.create(
        org=cast.union_a,
        title=f"{MARKER_A}干部培训班",
        audience="officials",
        starts_on=datetime.date(2026, 3, 1),
        hours=8,
    )


SAMPLES = {
    "rights:detail": lambda cast: {"pk": _request(cast).pk},
    "rights:assign": lambda cast: {"pk": _request(cast).pk},
    "rights:note": lambda cast: {"pk": _request(cast).pk},
    "rights:answer": lambda cast: {"pk": _request(cast).pk},
    "rights:transfer": lambda cast: {"pk": _request(cast).pk},
    "rights:close": lambda cast: {"pk": _request(cast).pk},
    # The worker's own page: a request chair_a filed as a worker (chair_b gets 404).
    "rights:mine_detail": lambda cast: {"pk": _request(cast, submitter=cast.chair_a).pk},
    "rights:case_detail": lambda cast: {"pk": _case(cast).pk},
    "rights:case_part": lambda cast: {"pk": _case(cast).pk, "part": "party"},
    "rights:home_detail": lambda cast: {"pk": _rating(cast).pk},
    "rights:course_detail": lambda cast: {"pk": _course(cast).pk},
}

API_SAMPLES = {
    "/api/v1/rights/requests/{request_id}": lambda cast: {"request_id": _request(cast).pk},
    "/api/v1/rights/requests/{request_id}/answer": lambda cast: {"request_id": _request(cast).pk},
    "/api/v1/rights/mine/{request_id}/rating": lambda cast: {
        "request_id": _request(cast, submitter=cast.chair_a).pk
    },
    "/api/v1/rights/cases/{case_id}": lambda cast: {"case_id": _case(cast).pk},
}

PUBLIC_ROUTES = {"rights:public_new", "rights:public_track"}
