"""URL kwargs of union A's union-life objects for tests/test_url_scoping.py: everything is
organised by union A itself, so chair_b (sibling union B) gets 404 everywhere."""

from django.utils import timezone

from gonghui.life.models import ActivityPhoto, NoticeAttachment
from gonghui.life.services.activities import checkin_token
from tests.conftest import MARKER_A, acting
from tests.life.factories import (
    enrol,
    make_activity,
    make_course,
    make_member,
    make_notice,
    make_survey,
)


def _notice(cast):
    return make_notice(cast.chair_a, cast.union_a, response="confirm", due_working_days=3)


def _draft(cast):
    return make_notice(cast.chair_a, cast.union_a, publish=False)


def _attachment(cast):
    from django.core.files.base import ContentFile

    n = _notice(cast)
    return NoticeAttachment.unscoped.create(
        org=n.org, notice=n, file=ContentFile(b"%PDF-1.4", name="a.pdf"), original_name="甲.pdf",
        content_type="application/pdf", size=8, uploaded_by=cast.chair_a,
    )  # fmt: skip


def _activity(cast):
    return make_activity(cast.chair_a, cast.union_a)


def _photo(cast):
    from django.core.files.base import ContentFile

    a = _activity(cast)
    return ActivityPhoto.unscoped.create(
        activity=a, org=a.org, image=ContentFile(b"\xff\xd8\xff\xe0", name="p.jpg"),
        original_name="p.jpg", uploaded_by=cast.chair_a,
    )  # fmt: skip


def _survey(cast):
    return make_survey(cast.chair_a, cast.union_a)


def _course(cast):
    return make_course(cast.chair_a, cast.union_a, starts_on=timezone.localdate())


def _course_with_learner(cast):
    """A course of union A with a marked member of A enrolled and completed (online)."""
    from gonghui.life.services import courses

    course = make_course(cast.chair_a, cast.union_a, mode="online", starts_on=timezone.localdate())
    member = make_member(cast.union_a, f"{MARKER_A}学员")
    e = enrol(member, course)
    with acting(member.user):
        courses.complete_online(actor=member.user, enrolment=e)
    return e


def _pk(factory):
    return lambda cast: {"pk": factory(cast).pk}


SAMPLES = {
    "life:notice": _pk(_notice),
    "life:notice_attach": _pk(_draft),
    "life:notice_publish": _pk(_draft),
    "life:notice_withdraw": _pk(_notice),
    "life:notice_respond": _pk(_notice),
    "life:attachment": _pk(_attachment),
    "life:activity": _pk(_activity),
    "life:activity_qr": _pk(_activity),
    "life:activity_qr_code": _pk(_activity),
    "life:activity_card": _pk(_activity),
    "life:activity_summary": _pk(_activity),
    "life:activity_photo": _pk(_activity),
    "life:activity_cancel": _pk(_activity),
    "life:activity_export": _pk(_activity),
    "life:photo": _pk(_photo),
    "life:survey": _pk(_survey),
    "life:survey_question": lambda cast: {
        "pk": make_survey(cast.chair_a, cast.union_a, open_=False).pk
    },
    "life:survey_open": lambda cast: {
        "pk": make_survey(cast.chair_a, cast.union_a, open_=False).pk
    },
    "life:survey_close": _pk(_survey),
    "life:survey_export": _pk(_survey),
    "life:my_notice": _pk(_notice),
    "life:my_activity": _pk(_activity),
    "life:my_signup": _pk(_activity),
    "life:my_cancel": _pk(_activity),
    "life:my_checkin": lambda cast: (lambda a: {"pk": a.pk, "token": checkin_token(a)})(
        _activity(cast)
    ),
    "life:my_survey": _pk(_survey),
    "life:course": _pk(_course),
    "life:course_attendance": _pk(_course),
    "life:course_officials": _pk(_course),
    "life:course_close": _pk(_course),
    "life:course_export": lambda cast: {"pk": _course_with_learner(cast).course_id},
    "life:enrolment_certificate": _pk(_course_with_learner),
    "life:learning_member": lambda cast: {"pk": _course_with_learner(cast).member_id},
    "life:my_course": _pk(_course),
    "life:my_enrol": _pk(_course),
    "life:my_withdraw": _pk(_course),
    "life:my_complete": _pk(_course),
    "life:my_certificate": lambda cast: {"pk": _course_with_learner(cast).course_id},
}

API_SAMPLES = {
    "/api/v1/life/notices/{notice_id}": lambda cast: {"notice_id": _notice(cast).pk},
    "/api/v1/life/notices/{notice_id}/receipts": lambda cast: {"notice_id": _notice(cast).pk},
    "/api/v1/life/notices/{notice_id}/respond": lambda cast: {"notice_id": _notice(cast).pk},
    "/api/v1/life/activities/{activity_id}": lambda cast: {"activity_id": _activity(cast).pk},
    "/api/v1/life/activities/{activity_id}/signups": lambda cast: {
        "activity_id": _activity(cast).pk
    },
    "/api/v1/life/activities/{activity_id}/signup": lambda cast: {
        "activity_id": _activity(cast).pk
    },
    "/api/v1/life/surveys/{survey_id}/results": lambda cast: {"survey_id": _survey(cast).pk},
    "/api/v1/life/courses/{course_id}/enrolments": lambda cast: {
        "course_id": _course_with_learner(cast).course_id
    },
}


def _public_notice(cast):
    n = make_notice(cast.chair_a, cast.union_a, is_public=True)
    return {"code": cast.union_a.code, "key": n.public_key}


SAMPLES["life:public_notice"] = _public_notice
PUBLIC_ROUTES = {"life:public_union", "life:public_notice"}
