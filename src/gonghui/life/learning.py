"""Reads of study and courses and of the learning record (学习档案): the staff's course lists,
what a member may enrol in, a learner's record, officials' yearly hours and the rates."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gonghui.orgs.models import Official

from .eligibility import reach_q, reasons_not_eligible
from .enums import CourseAudience, CourseMode, CourseStatus, EnrolmentStatus
from .models import Course, Enrolment
from .selectors import _hours, participation_rates

ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


def member_course_state(course, member, today=None):
    """The member's course page: their enrolment, why they may not enrol, and what they may do
    now (enrol, complete an online course, withdraw, see the material)."""
    today = today or timezone.localdate()
    # unscoped: the member's own rows, wherever the course was organised
    enrolment = Enrolment.unscoped.filter(course=course, member=member).first()
    active = enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN
    learning_now = active and enrolment.status == EnrolmentStatus.ENROLLED
    reasons = reasons_not_eligible(course, member)
    open_ = course.status == CourseStatus.OPEN and (
        course.enrol_deadline is None or course.enrol_deadline >= today
    )
    return {
        "enrolment": enrolment,
        "reasons": reasons if not active else [],
        "can_enrol": not active and open_ and not reasons
        and course.audience == CourseAudience.MEMBERS,
        "can_complete": learning_now and course.mode == CourseMode.ONLINE,
        "can_withdraw": learning_now,
        "show_material": active or course.mode == CourseMode.IN_PERSON,
    }  # fmt: skip


def courses_for_staff(year=None):
    qs = Course.objects.select_related("org").annotate(
        learners=Count("enrolments", filter=Q(enrolments__status__in=ACTIVE)),
        completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED)),
    )
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.order_by("-starts_on", "-id")


def courses_open_to(member, *, today=None):
    """Open courses for members whose reach includes the member, before their deadline."""
    today = today or timezone.localdate()
    return (
        # unscoped: what reaches the member (sent down from above), filtered by reach
        Course.unscoped.filter(reach_q(member))
        .filter(audience=CourseAudience.MEMBERS, status=CourseStatus.OPEN)
        .filter(Q(enrol_deadline__isnull=True) | Q(enrol_deadline__gte=today))
        .select_related("org", "target_org")
        .order_by("starts_on", "id")
    )


def member_courses(member):
    """Courses the member may open: enrolled in (any state) or open to them."""
    # unscoped: the member's own rows, wherever the activity/course was organised
    mine = Enrolment.unscoped.filter(member=member).values("course_id")
    # unscoped: what reaches the member (sent down from above), filtered by reach
    return Course.unscoped.filter(
        Q(pk__in=mine) | Q(pk__in=courses_open_to(member).values("pk"))
    ).select_related("org", "target_org")


def enrolments_of(course):
    """The organiser's list: learning, completed, then withdrawn; members and officials."""
    order = {
        EnrolmentStatus.ENROLLED: 0,
        EnrolmentStatus.COMPLETED: 1,
        EnrolmentStatus.WITHDRAWN: 2,
    }
    rows = list(Enrolment.objects.filter(course=course).select_related("member", "official", "org"))
    return sorted(rows, key=lambda e: (order[e.status], e.org.path, e.learner_name, e.pk))


def record_of_member(member):
    """The member's learning record: every enrolment (newest first), hours per year, total."""
    return _record(member=member)


def record_of_official(official):
    return _record(official=official)


def _record(**learner):
    rows = list(
        # unscoped: the learner's own enrolments, wherever the activity/course was organised
        Enrolment.unscoped.filter(**learner)
        .select_related("course__org", "org")
        .order_by("-course__starts_on", "-id")
    )
    by_year = defaultdict(Decimal)
    for e in rows:
        by_year[e.course.starts_on.year] += e.hours
    years = [{"year": y, "hours": _hours(h)} for y, h in sorted(by_year.items(), reverse=True)]
    return {
        "enrolments": rows,
        "years": years,
        "total": _hours(sum((e.hours for e in rows), Decimal(0))),
        "completed": sum(e.status == EnrolmentStatus.COMPLETED for e in rows),
    }


def officials_training(year):
    """Current officials in scope with their training hours in ``year`` (``None`` when none):
    the learning record's hours of courses that started that year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Official.objects.filter(end_date__isnull=True, term__is_current=True)
        .select_related("org")
        .annotate(
            hours=Sum(
                "enrolments__hours", filter=Q(enrolments__course__starts_on__range=(start, end))
            )
        )
        .order_by("org__path", "position", "name")
    )


def official_hours(official_ids):
    """Total recorded hours per official id (all years)."""
    return dict(
        Enrolment.objects.filter(official_id__in=official_ids)
        .values("official_id")
        .annotate(total=Sum("hours"))
        .values_list("official_id", "total")
    )


def member_totals(year):
    """Members of the scope with their hours and completed courses in ``year``, most first."""
    return (
        Enrolment.objects.filter(member__isnull=False, course__starts_on__year=year)
        .values("member_id", "member__name", "member__card_number", "org__name")
        .annotate(
            hours=Sum("hours"),
            courses=Count("id"),
            completed=Count("id", filter=Q(status=EnrolmentStatus.COMPLETED)),
        )
        .order_by("-hours", "member__name", "member_id")
    )


def course_participation(course, *, depth_below=2):
    """Enrolment and completion rates per union among the members the course is open to."""
    counts = defaultdict(dict)
    rows = (
        Enrolment.objects.filter(course=course, member__isnull=False)
        .values("org_id")
        .annotate(
            enrolled=Count("id", filter=Q(status__in=ACTIVE)),
            completed=Count("id", filter=Q(status=EnrolmentStatus.COMPLETED)),
        )
    )
    for r in rows:
        counts[r["org_id"]] = {"enrolled": r["enrolled"], "completed": r["completed"]}
    return participation_rates(
        course, counts, columns=("enrolled", "completed"), depth_below=depth_below
    )
