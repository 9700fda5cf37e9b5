"""Writes on courses (学习/培训): organise, enrol (members themselves, within the quota and the
sign-up conditions), withdraw, attendance with hours up to completion, online study confirmed
by the member, officials' training recorded by staff, closing.

Enrolment locks the course row, so concurrent enrolments for the last places never exceed the
quota."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import current_scope, require_perm
from gonghui.orgs.models import Official

from ..enums import CourseAudience, CourseMode, CourseStatus, Eligibility, EnrolmentStatus
from ..members import member_of
from ..models import Course, Enrolment
from ._common import require_organiser, save_status, taking_part
from .activities import check_member_filters, member_filters
from .notices import clean_html

MANAGE = "life.manage_course"


def _hours(value, *, field="hours"):
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("学时格式不正确")}) from None
    return hours


@transaction.atomic
def create_course(
    *,
    actor,
    org,
    title,
    starts_on,
    hours,
    mode=CourseMode.IN_PERSON,
    audience=CourseAudience.MEMBERS,
    provider="",
    material="",
    place="",
    ends_on=None,
    enrol_deadline=None,
    quota=None,
    eligibility=Eligibility.SUBTREE,
    **filters,
):
    """A course of the scope's own union (open for enrolment when it is for members); the
    material is sanitised HTML. Effects: the row; an audit event."""
    require_perm(MANAGE)
    # A course is organised in the name of the level that runs it.
    if org.pk != current_scope().org_id:
        raise PermissionDenied(_("只能以本级工会的名义开设课程"))
    hours = _hours(hours)
    errors = {}
    if not title.strip():
        errors["title"] = _("请填写课程名称")
    if hours <= 0:
        errors["hours"] = _("学时须大于 0")
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = _("结课日期不能早于开课日期")
    if enrol_deadline and ends_on and enrol_deadline > ends_on:
        errors["enrol_deadline"] = _("报名截止日不能晚于结课日期")
    if quota is not None and quota < 1:
        errors["quota"] = _("名额至少为 1，不限名额请留空")
    if errors:
        raise ValidationError(errors)
    course = Course.objects.create(
        org=org, title=title.strip(), mode=mode, audience=audience, provider=provider.strip(),
        material=clean_html(material), place=place.strip(), starts_on=starts_on, ends_on=ends_on,
        enrol_deadline=enrol_deadline, quota=quota, hours=hours, eligibility=eligibility,
        created_by=actor, **member_filters(org, **filters),
    )  # fmt: skip
    audit.record(actor, "life.course.create", course, extra={"hours": str(hours)})
    return course


def manage(course):
    """Managed only by staff of the organiser's subtree, never by a union it reached."""
    require_organiser(course, MANAGE, _("只有主办单位可以管理该课程"))


def _locked(course):
    # unscoped: re-read under lock; the caller found it in scope
    return Course.unscoped.select_for_update(of=("self",)).select_related("org").get(pk=course.pk)


@transaction.atomic
def enrol(*, actor, course, today=None):
    """The logged-in member enrols: the course must be open to members, before its deadline,
    within reach, the conditions met and a place free. A withdrawn learner may enrol again.
    Effects: the enrolment; an audit event."""
    member = taking_part(actor)
    today = today or timezone.localdate()
    course = _locked(course)
    if course.audience != CourseAudience.MEMBERS:
        raise ValidationError(_("该课程为工会干部培训，由工会统一登记"))
    if course.status != CourseStatus.OPEN:
        raise ValidationError(_("该课程不在报名中"))
    if course.enrol_deadline and today > course.enrol_deadline:
        raise ValidationError(_("报名已截止"))
    check_member_filters(course, member)
    # unscoped: the member's own rows, wherever the activity/course was organised
    current = Enrolment.unscoped.filter(course=course, member=member).first()
    if current is not None and current.status != EnrolmentStatus.WITHDRAWN:
        raise ValidationError(_("您已报名该课程"))
    # unscoped: places taken across all unions the course reached
    taken = Enrolment.unscoped.filter(course=course).exclude(status=EnrolmentStatus.WITHDRAWN)
    if course.quota is not None and taken.count() >= course.quota:
        raise ValidationError(_("名额已满"))
    if current is None:
        try:
            with transaction.atomic():
                current = Enrolment.objects.create(
                    course=course, member=member, org_id=member.org_id
                )
        except IntegrityError:
            raise ValidationError(_("您已报名该课程")) from None
    else:
        current.status, current.enrolled_at = EnrolmentStatus.ENROLLED, timezone.now()
        current.save()
    audit.record(actor, "life.enrolment.create", course)
    return current


def _own(actor, enrolment):
    require_perm("life.take_part")
    member = member_of(actor)
    # Only the learner themselves acts on their enrolment.
    if member is None or enrolment.member_id != member.pk:
        raise PermissionDenied(_("只能操作本人的学习记录"))
    return (
        # unscoped: re-read under lock; the caller found it in scope
        Enrolment.unscoped.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def withdraw(*, actor, enrolment):
    """The member leaves a course they have not completed (hours earned stay on record)."""
    enrolment = _own(actor, enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("只有学习中的课程可以退出"))
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save()
    audit.record(actor, "life.enrolment.withdraw", enrolment.course)
    return enrolment


@transaction.atomic
def complete_online(*, actor, enrolment, now=None):
    """The member has studied an online course's material: the course's hours are credited and
    the course completed. Effects: hours, completion; an audit event."""
    enrolment = _own(actor, enrolment)
    if enrolment.course.mode != CourseMode.ONLINE:
        raise ValidationError(_("线下课程由工作人员登记出勤"))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("该课程不在学习中"))
    _credit(enrolment, enrolment.course.hours, now or timezone.now())
    audit.record(actor, "life.enrolment.complete", enrolment.course)
    return enrolment


def _credit(enrolment, hours, now):
    """Add ``hours`` (capped at the course's) and complete the course when they are reached."""
    course = enrolment.course
    enrolment.hours = min(course.hours, enrolment.hours + hours)
    enrolment.sessions += 1
    enrolment.attended_at = now
    if enrolment.hours >= course.hours:
        enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, now
    enrolment.save()


def _session_hours(course, hours):
    hours = course.hours if hours in (None, "") else _hours(hours)
    if hours <= 0 or hours > course.hours:
        raise ValidationError({"hours": _("学时须在 0 至 {hours} 之间").format(hours=course.hours)})
    return hours


@transaction.atomic
def record_attendance(*, actor, course, enrolment_ids, hours=None, now=None):
    """Staff mark the enrolled learners present at a session: each gets ``hours`` (default the
    course's) added, up to the course's hours, which completes the course. Returns the number
    marked. Effects: the enrolments; one audit event."""
    manage(course)
    hours = _session_hours(course, hours)
    now = now or timezone.now()
    rows = list(
        # unscoped: re-read under lock; the caller found it in scope
        Enrolment.unscoped.select_for_update(of=("self",))
        .filter(course=course, pk__in=enrolment_ids, status=EnrolmentStatus.ENROLLED)
        .select_related("course")
    )
    if len(rows) != len(set(enrolment_ids)):
        raise ValidationError(_("所选学员中有已结业、已退出或不属于本课程的记录"))
    for enrolment in rows:
        _credit(enrolment, hours, now)
    audit.record(actor, "life.course.attendance", course, extra={"marked": len(rows)})
    return len(rows)


@transaction.atomic
def record_officials(*, actor, course, official_ids, hours=None, now=None):
    """Officials (in the actor's scope) attended ``course`` (干部培训): each gets an enrolment
    with ``hours`` (default the course's); those already recorded are skipped. Returns the
    number added. Effects: enrolments; one audit event."""
    manage(course)
    hours = _session_hours(course, hours)
    now = now or timezone.now()
    officials = list(Official.objects.filter(pk__in=official_ids))
    if len(officials) != len(set(official_ids)):
        raise Http404
    done = set(
        # unscoped: rows of a parent the caller found in scope
        Enrolment.unscoped.filter(course=course, official__isnull=False).values_list(
            "official_id", flat=True
        )
    )
    added = 0
    for official in officials:
        if official.pk in done:
            continue
        enrolment = Enrolment(course=course, official=official, org_id=official.org_id)
        enrolment.course = course
        _credit(enrolment, hours, now)
        added += 1
    audit.record(actor, "life.course.officials", course, extra={"added": added})
    return added


@transaction.atomic
def close_course(*, actor, course):
    """No more enrolment or attendance; learners not completed stay as they are."""
    manage(course)
    if course.status != CourseStatus.OPEN:
        raise ValidationError(_("该课程已结课或已取消"))
    return save_status(actor, course, CourseStatus.CLOSED, "life.course.close")
