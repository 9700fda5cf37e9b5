"""The member's study pages (phone first): courses open to them, enrolment, online material,
their learning record and certificates."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from gonghui.core.decorators import scoped_view

from .. import learning
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


# No lookup=: a member reaches what is open to them, staff get 403 (views._common.member_object).
@scoped_view(TAKE_PART)
def my_course(request, pk):
    member, course = _my_course(request, pk)
    context = {"course": course, **learning.member_course_state(course, member)}
    return render(request, "life/my_course.html", context)


def _enrolment(member, course):
    # unscoped: the member's own rows, wherever the activity/course was organised
    enrolment = Enrolment.unscoped.filter(course=course, member=member).first()
    if enrolment is None:
        raise Http404
    return enrolment


# No lookup=: a member reaches what is open to them, staff get 403 (views._common.member_object).
@scoped_view(TAKE_PART)
def my_enrol(request, pk):
    _member, course = _my_course(request, pk)
    back = reverse("life:my_course", args=[pk])
    return run_action(request, lambda: services.enrol(actor=request.user, course=course), back)


# No lookup=: a member reaches what is open to them, staff get 403 (views._common.member_object).
@scoped_view(TAKE_PART)
def my_withdraw(request, pk):
    member, course = _my_course(request, pk)
    enrolment = _enrolment(member, course)
    back = reverse("life:my_course", args=[pk])
    return run_action(
        request, lambda: services.withdraw(actor=request.user, enrolment=enrolment), back
    )


# No lookup=: a member reaches what is open to them, staff get 403 (views._common.member_object).
@scoped_view(TAKE_PART)
def my_complete(request, pk):
    member, course = _my_course(request, pk)
    enrolment = _enrolment(member, course)
    back = reverse("life:my_course", args=[pk])
    return run_action(
        request, lambda: services.complete_online(actor=request.user, enrolment=enrolment), back
    )


# No lookup=: a member reaches what is open to them, staff get 403 (views._common.member_object).
@scoped_view(TAKE_PART)
def my_certificate(request, pk):
    member, course = _my_course(request, pk)
    enrolment = _enrolment(member, course)
    if not enrolment.is_completed:
        raise Http404
    return certificate_response(request, enrolment)
