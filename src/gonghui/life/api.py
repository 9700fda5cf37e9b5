"""API of union life (scoped like the pages; every write goes through the services)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gonghui.core.api_helpers import paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import current_scope, get_scoped_or_404, require_perm

from . import learning, selectors
from .enums import (
    ActivityStatus,
    Audience,
    CourseAudience,
    CourseMode,
    CourseStatus,
    EnrolmentStatus,
    NoticeStatus,
    Reach,
    ResponseKind,
    SignupStatus,
    SurveyStatus,
)
from .members import member_of
from .models import Activity, Course, Notice, Survey
from .services import activities as activity_services
from .services import notices as notice_services

router = Router()


class NoticeOut(WithOrg):
    id: int
    org_code: str
    title: str
    body: str
    reach: Reach
    audience: Audience
    response: ResponseKind
    due_on: datetime.date | None
    pinned: bool
    expires_on: datetime.date | None
    status: NoticeStatus
    published_at: datetime.datetime | None


class ReceiptOut(WithOrg):
    org_code: str
    org_name: str
    read_at: datetime.datetime | None
    responded_at: datetime.datetime | None
    reply: str


class ReplyIn(Schema):
    reply: str = ""


class ActivityOut(WithOrg):
    id: int
    org_code: str
    title: str
    place: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    signup_deadline: datetime.datetime
    cancel_cutoff: datetime.datetime
    quota: int
    hours: Decimal
    status: ActivityStatus


class SignupOut(WithOrg):
    id: int
    member_name: str
    org_code: str
    status: SignupStatus
    signed_at: datetime.datetime
    checked_in_at: datetime.datetime | None
    hours: Decimal

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name


class SurveyOut(WithOrg):
    id: int
    org_code: str
    title: str
    anonymous: bool
    closes_on: datetime.date
    status: SurveyStatus


class ResultRowOut(Schema):
    label: str
    count: int
    percent: Decimal


class QuestionResultOut(Schema):
    position: int
    text: str
    kind: str
    answered: int
    rows: list[ResultRowOut] = []
    mean: Decimal | None = None
    texts: list[str] = []


class ResultsOut(Schema):
    answers: int
    questions: list[QuestionResultOut]


@paged_list(router, "/notices", NoticeOut, "life.view_notice", summary="通知列表")
def list_notices(request):
    return selectors.notices_for_staff()


@router.get("/notices/{notice_id}", response=NoticeOut, summary="通知详情")
def get_notice(request, notice_id: int):
    return get_scoped_or_404(Notice.objects.select_related("org"), "life.view_notice", pk=notice_id)


@router.get("/notices/{notice_id}/receipts", response=list[ReceiptOut], summary="通知回执")
def notice_receipts(request, notice_id: int):
    notice = get_scoped_or_404(Notice.objects.all(), "life.view_notice", pk=notice_id)
    return selectors.receipt_rollup(notice)[0]


@router.post("/notices/{notice_id}/respond", response=ReceiptOut, summary="确认或回复通知")
def respond_notice(request, notice_id: int, payload: ReplyIn):
    notice = get_scoped_or_404(Notice.objects.all(), "life.respond_notice", pk=notice_id)
    return notice_services.respond_to_notice(actor=request.user, notice=notice, reply=payload.reply)


@paged_list(router, "/activities", ActivityOut, "life.view_activity", summary="活动列表")
def list_activities(request):
    return selectors.activities_for_staff()


@router.get("/activities/{activity_id}", response=ActivityOut, summary="活动详情")
def get_activity(request, activity_id: int):
    return get_scoped_or_404(
        Activity.objects.select_related("org"), "life.view_activity", pk=activity_id
    )


@router.get("/activities/{activity_id}/signups", response=list[SignupOut], summary="报名名单")
def activity_signups(request, activity_id: int):
    activity = get_scoped_or_404(Activity.objects.all(), "life.view_activity", pk=activity_id)
    return selectors.signups_of(activity)


@router.post("/activities/{activity_id}/signup", response=SignupOut, summary="会员报名活动")
def sign_up(request, activity_id: int):
    member = member_of(request.user)
    # A member: among the activities open to them; anyone else: 404 out of scope, 403 in it.
    if member is not None and current_scope().has_perm("life.take_part"):
        activity = get_object_or_404(selectors.activities_open_to(member), pk=activity_id)
    else:
        get_scoped_or_404(Activity.objects.all(), pk=activity_id)
        raise PermissionDenied
    return activity_services.sign_up(actor=request.user, activity=activity)


@paged_list(router, "/surveys", SurveyOut, "life.view_survey", summary="问卷列表")
def list_surveys(request):
    return selectors.surveys_for_staff()


@router.get("/surveys/{survey_id}/results", response=ResultsOut, summary="问卷结果")
def survey_results(request, survey_id: int):
    survey = get_scoped_or_404(
        Survey.objects.select_related("org"), "life.view_survey", pk=survey_id
    )
    # Results belong to the organiser's subtree.
    if not current_scope().contains_path(survey.org.path):
        raise PermissionDenied
    total, results = selectors.survey_results(survey)
    questions = [
        {"position": i["question"].position, "text": i["question"].text, "kind": i["question"].kind,
         "answered": i["answered"], "rows": i.get("rows", []), "mean": i.get("mean"),
         "texts": i.get("texts", [])}
        for i in results
    ]  # fmt: skip
    return {"answers": total, "questions": questions}


# --- Courses and the learning record ----------------------------------------------------------


class CourseOut(WithOrg):
    id: int
    org_code: str
    title: str
    mode: CourseMode
    audience: CourseAudience
    starts_on: datetime.date
    ends_on: datetime.date | None
    hours: Decimal
    quota: int | None
    status: CourseStatus


class EnrolmentOut(WithOrg):
    id: int
    course_id: int
    course_title: str
    learner_name: str
    is_official: bool
    org_code: str
    status: EnrolmentStatus
    hours: Decimal
    completed_at: datetime.datetime | None

    @staticmethod
    def resolve_course_title(obj):
        return obj.course.title

    @staticmethod
    def resolve_is_official(obj):
        return obj.official_id is not None


@paged_list(router, "/courses", CourseOut, "life.view_learning", summary="课程列表")
def list_courses(request):
    return learning.courses_for_staff()


@router.get("/courses/{course_id}/enrolments", response=list[EnrolmentOut], summary="课程学员")
def course_enrolments(request, course_id: int):
    course = get_scoped_or_404(
        Course.objects.select_related("org"), "life.view_learning", pk=course_id
    )
    return learning.enrolments_of(course)


@router.get("/me/learning", response=list[EnrolmentOut], summary="我的学习档案")
def my_learning(request):
    require_perm("life.take_part")
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return learning.record_of_member(member)["enrolments"]
