"""The member's study pages (phone first): courses open to them, enrolment, online material,
their learning record and certificates."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from gonghui.core.decorators import scoped_view

from .. import learning
from ..models import Course, Enrolment
from ..services import courses as services
from ._common import TAKE_PART, member_lookup, run_action, the_member
from .courses import certificate_response


@scoped_view(TAKE_PART)
def my_learning(request):
    member = the_member(request)
    record = learning.record_of_member(member)
    mine = {e.course_id for e in record["enrolments"]}
    open_courses = [c for c in learning.courses_open_to(member) if c.pk not in mine]
    context = {"member": member, "open_courses": open_courses, **record}
    return render(request, "life/my_learning.html", context)


MY_COURSE = member_lookup(Course, learning.member_courses, "course")


@scoped_view(TAKE_PART, lookup=MY_COURSE)
def my_course(request, course):
    member = the_member(request)
    context = {"course": course, **learning.member_course_state(course, member)}
    return render(request, "life/my_course.html", context)


def _enrolment(member, course):
    # unscoped: the member's own rows, wherever the activity/course was organised
    enrolment = Enrolment.unscoped.filter(course=course, member=member).first()
    if enrolment is None:
        raise Http404
    return enrolment


def _course_button(request, course, action):
    """A button of the member's course page: ``action()`` runs the service, back to the page."""
    return run_action(request, action, reverse("life:my_course", args=[course.pk]))


@scoped_view(TAKE_PART, lookup=MY_COURSE)
def my_enrol(request, course):
    the_member(request)
    return _course_button(
        request, course, lambda: services.enrol(actor=request.user, course=course)
    )


@scoped_view(TAKE_PART, lookup=MY_COURSE)
def my_withdraw(request, course):
    enrolment = _enrolment(the_member(request), course)
    return _course_button(
        request, course, lambda: services.withdraw(actor=request.user, enrolment=enrolment)
    )


@scoped_view(TAKE_PART, lookup=MY_COURSE)
def my_complete(request, course):
    enrolment = _enrolment(the_member(request), course)
    return _course_button(
        request, course, lambda: services.complete_online(actor=request.user, enrolment=enrolment)
    )


@scoped_view(TAKE_PART, lookup=MY_COURSE)
def my_certificate(request, course):
    enrolment = _enrolment(the_member(request), course)
    if not enrolment.is_completed:
        raise Http404
    return certificate_response(request, enrolment)
