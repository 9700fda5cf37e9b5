"""The member's study pages (phone first): courses open to them, enrolment, online material,
their learning record and certificates."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gonghui.core.decorators import scoped_view

from .. import eligibility, learning
from ..enums import CourseAudience, CourseMode, CourseStatus, EnrolmentStatus
from ..models import Course, Enrolment
from ..services import courses as services
from ._common import member_object, run_action, the_member
from .courses import certificate_response

TAKE_PART = "life.take_part"


@scoped_view(TAKE_PART)
def my_learning(request):
    member = the_member(request)
    record = learning.record_of_member(member)
    mine = {e.course_id for e in record["enrolments"]}
    open_courses = [c for c in learning.courses_open_to(member) if c.pk not in mine]
    context = {"member": member, "open_courses": open_courses, **record}
    return render(request, "life/my_learning.html", context)


def _my_course(request, pk):
    return member_object(request, learning.member_courses, Course.objects.all(), pk)


@scoped_view(TAKE_PART)
def my_course(request, pk):
    member, course = _my_course(request, pk)
    enrolment = Enrolment.unscoped.filter(course=course, member=member).first()
    active = enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN
    reasons = eligibility.reasons_not_eligible(course, member)
    open_ = course.status == CourseStatus.OPEN and (
        course.enrol_deadline is None or course.enrol_deadline >= timezone.localdate()
    )
    context = {
        "course": course,
        "enrolment": enrolment,
        "reasons": reasons if not active else [],
        "can_enrol": not active and open_ and not reasons
        and course.audience == CourseAudience.MEMBERS,
        "can_complete": active and enrolment.status == EnrolmentStatus.ENROLLED
        and course.mode == CourseMode.ONLINE,
        "can_withdraw": active and enrolment.status == EnrolmentStatus.ENROLLED,
        "show_material": active or course.mode == CourseMode.IN_PERSON,
    }  # fmt: skip
    return render(request, "life/my_course.html", context)


def _enrolment(member, course):
    enrolment = Enrolment.unscoped.filter(course=course, member=member).first()
    if enrolment is None:
        raise Http404
    return enrolment


@scoped_view(TAKE_PART)
def my_enrol(request, pk):
    _member, course = _my_course(request, pk)
    back = reverse("life:my_course", args=[pk])
    return run_action(request, lambda: services.enrol(actor=request.user, course=course), back)


@scoped_view(TAKE_PART)
def my_withdraw(request, pk):
    member, course = _my_course(request, pk)
    enrolment = _enrolment(member, course)
    back = reverse("life:my_course", args=[pk])
    return run_action(
        request, lambda: services.withdraw(actor=request.user, enrolment=enrolment), back
    )


@scoped_view(TAKE_PART)
def my_complete(request, pk):
    member, course = _my_course(request, pk)
    enrolment = _enrolment(member, course)
    back = reverse("life:my_course", args=[pk])
    return run_action(
        request, lambda: services.complete_online(actor=request.user, enrolment=enrolment), back
    )


@scoped_view(TAKE_PART)
def my_certificate(request, pk):
    member, course = _my_course(request, pk)
    enrolment = _enrolment(member, course)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Http404
    return certificate_response(request, enrolment)
