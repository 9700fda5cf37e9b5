"""Staff pages of study and courses: list, create, a course's learners with attendance and
officials' training, rates per union, close, export, certificates; the learning record
(officials' yearly hours with the untrained list, members' hours) and one member's record."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service
from gonghui.core.pages import object_button_route
from gonghui.core.pdf import pdf_response
from gonghui.core.text.punctuation import joined
from gonghui.members.models import Member

from .. import eligibility, exporters, learning
from ..enums import CourseAudience
from ..forms import AttendanceForm, CourseForm, OfficialsForm
from ..models import Course, Enrolment
from ..services import courses as services
from ._common import created_page, page_of, scope_org

VIEW, MANAGE = "life.view_learning", "life.manage_course"


def year_of(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@scoped_view(VIEW)
def course_list(request):
    page = page_of(request, learning.courses_for_staff())
    return render(request, "life/course_list.html", {"page": page})


@scoped_view(MANAGE)
def course_create(request):
    org = scope_org(request)
    initial = {"starts_on": timezone.localdate()}
    if request.GET.get("audience") == CourseAudience.OFFICIALS:
        initial["audience"] = CourseAudience.OFFICIALS
    form = CourseForm(request.POST or None, org=org, initial=initial)
    return created_page(
        request, form, title=_("开设课程"), list_route="life:courses", detail_route="life:course",
        create=lambda data: services.create_course(actor=request.user, org=org, **data),
    )  # fmt: skip


COURSE = Lookup(lambda: Course.objects.select_related("org", "target_org"), name="course")


@scoped_view(VIEW, lookup=COURSE)
def course_detail(request, course):
    enrolments = learning.enrolments_of(course)
    can_manage = request.scope.contains_path(course.org.path) and request.scope.has_perm(MANAGE)
    learning_now = [e for e in enrolments if e.is_learning]
    context = {
        "course": course,
        "enrolments": enrolments,
        "can_manage": can_manage,
        "conditions": eligibility.describe(course),
        "rates": learning.course_participation(course),
        "attendance_form": AttendanceForm(enrolments=learning_now) if learning_now else None,
        "officials_form": OfficialsForm()
        if can_manage and course.audience == CourseAudience.OFFICIALS
        else None,
    }
    return render(request, "life/course_detail.html", context)


def _post_form(request, course, make_form, action):
    """A form posted from the course page by its organiser (``services.manage``: 403 for a
    union the course reached): ``action(cleaned_data)`` returns how many were recorded; the
    form's and the service's refusals become messages. A GET goes back to the page."""
    services.manage(course)
    back = reverse("life:course", args=[course.pk])
    if request.method != "POST":
        return redirect(back)
    form = make_form()
    if form.is_valid():
        n, ok = call_service(form, lambda: action(form.cleaned_data))
        if ok:
            messages.success(request, _("已登记 %(n)d 人") % {"n": n})
            return redirect(back)
    errors = [e for field in form.errors.values() for e in field]
    messages.error(request, joined(errors, "semicolon"))
    return redirect(back)


@scoped_view(MANAGE, lookup=COURSE)
def course_attendance(request, course):
    def form():
        learners = [e for e in learning.enrolments_of(course) if e.is_learning]
        return AttendanceForm(request.POST, enrolments=learners)

    return _post_form(request, course, form, lambda d: services.record_attendance(
        actor=request.user, course=course, hours=d["hours"],
        enrolment_ids=[int(x) for x in d["enrolments"]],
    ))  # fmt: skip


@scoped_view(MANAGE, lookup=COURSE)
def course_officials(request, course):
    return _post_form(request, course, lambda: OfficialsForm(request.POST), lambda d: (
        services.record_officials(actor=request.user, course=course, hours=d["hours"],
                                  official_ids=[o.pk for o in d["officials"]])
    ))  # fmt: skip


course_close = object_button_route(
    MANAGE, COURSE, route="life:course",
    call=lambda r, c: services.close_course(actor=r.user, course=c),
    check=services.manage,  # 403 for a union the course reached
)  # fmt: skip


@scoped_view("life.export", lookup=COURSE)
def course_export(request, course):
    rates = learning.course_participation(course, depth_below=None)
    return exporters.enrolments_response(
        request.user, course, learning.enrolments_of(course), rates
    )


def certificate_response(request, enrolment):
    return pdf_response(
        "life/certificate.html",
        {"e": enrolment, "course": enrolment.course, "issuer": enrolment.course.org},
        _("结业证书-{learner_name}.pdf").format(learner_name=enrolment.learner_name),
        request=request,
    )


@scoped_view(
    VIEW,
    lookup=Lookup(
        lambda: Enrolment.objects.select_related("course__org", "member", "official", "org"),
        name="enrolment",
    ),
)
def enrolment_certificate(request, enrolment):
    """Staff print a completed learner's certificate (members and officials)."""
    if not enrolment.is_completed:
        messages.error(request, _("尚未结业，不能打印证书"))
        return redirect("life:course", pk=enrolment.course_id)
    return certificate_response(request, enrolment)


@scoped_view(VIEW)
def learning_record(request):
    """The learning record of the scope for a year: officials' hours (below the minimum and
    untrained listed first) and members' hours."""
    year = year_of(request)
    officials = list(learning.officials_training(year))
    minimum = config.get("rights.training_min_hours")
    context = {
        "year": year,
        "officials": officials,
        "untrained": [o for o in officials if not o.hours],
        "below": [o for o in officials if o.hours and o.hours < minimum],
        "minimum": minimum,
        "min_rule": config.describe("rights.training_min_hours"),
        "members": page_of(request, learning.member_totals(year)),
        "courses": learning.courses_for_staff(year)[:50],
        "can_manage": request.scope.has_perm(MANAGE),
    }
    return render(request, "life/learning.html", context)


@scoped_view("life.export")
def learning_export(request):
    year = year_of(request)
    return exporters.learning_response(
        request.user, scope_org(request), year,
        list(learning.officials_training(year)), list(learning.member_totals(year)),
    )  # fmt: skip


@scoped_view(VIEW, lookup=Lookup(lambda: Member.objects.select_related("org"), name="member"))
def learning_member(request, member):
    record = learning.record_of_member(member)
    return render(request, "life/learning_member.html", {"member": member, **record})
