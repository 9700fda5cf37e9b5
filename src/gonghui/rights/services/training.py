"""Officials' training: courses and attendance (hours per official per year)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.orgs.models import Official

from ..models import Attendance, Course


@transaction.atomic
def create_course(*, actor, org, title, start_date, hours, provider=""):
    require_perm("rights.manage_training")
    if not org_in_scope(org):
        raise Http404
    hours = Decimal(hours)
    if hours <= 0:
        raise ValidationError({"hours": _("学时须大于 0")})
    course = Course.objects.create(
        org=org, title=title.strip(), start_date=start_date, hours=hours, provider=provider
    )
    audit.record(actor, "rights.course.create", course)
    return course


@transaction.atomic
def record_attendance(*, actor, course, official_ids, hours=None):
    """Officials (in the actor's scope) attended ``course``; already recorded ones are skipped.
    Returns the number of attendances added."""
    require_perm("rights.manage_training")
    course = Course.objects.filter(pk=course.pk).first()
    if course is None:
        raise Http404
    hours = Decimal(hours) if hours not in (None, "") else course.hours
    if hours <= 0 or hours > course.hours:
        raise ValidationError({"hours": _("学时须在 0 至 {hours} 之间").format(hours=course.hours)})
    officials = list(Official.objects.filter(pk__in=official_ids))
    if len(officials) != len(set(official_ids)):
        raise Http404
    done = set(course.attendances.values_list("official_id", flat=True))
    new = [
        Attendance(course=course, official=o, hours=hours) for o in officials if o.pk not in done
    ]
    Attendance.objects.bulk_create(new)
    audit.record(actor, "rights.course.attendance", course, extra={"added": len(new)})
    return len(new)
