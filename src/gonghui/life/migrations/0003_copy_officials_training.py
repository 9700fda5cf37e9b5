"""Officials' training (rights.Course and rights.Attendance) becomes part of the one learning
record: each rights course is copied to a life course for officials (same id, so the old
``/rights/training/courses/<id>/`` addresses redirect to it) and each attendance to a completed
enrolment of the official with its hours. The rights tables are dropped by the rights migration
that follows this one (add, copy, drop)."""

import datetime

from django.core.management.color import no_style
from django.db import migrations
from django.utils import timezone


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def copy_training(apps, schema_editor):
    OldCourse = apps.get_model("rights", "Course")
    Attendance = apps.get_model("rights", "Attendance")
    Course = apps.get_model("life", "Course")
    Enrolment = apps.get_model("life", "Enrolment")
    courses = [
        Course(
            id=c.id, org_id=c.org_id, title=c.title, provider=c.provider, mode="in_person",
            audience="officials", starts_on=c.start_date, hours=c.hours, eligibility="subtree",
            status="closed", created_at=_at(c.start_date),
        )  # fmt: skip
        for c in OldCourse.objects.all().iterator()
    ]
    Course.objects.bulk_create(courses, batch_size=500)
    enrolments = []
    for a in Attendance.objects.select_related("course", "official").iterator():
        at = _at(a.course.start_date)
        enrolments.append(
            Enrolment(
                course_id=a.course_id, official_id=a.official_id, org_id=a.official.org_id,
                status="completed" if a.hours >= a.course.hours else "enrolled",
                enrolled_at=at, attended_at=at, sessions=1, hours=a.hours,
                completed_at=at if a.hours >= a.course.hours else None,
            )  # fmt: skip
        )
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    if courses:  # ids were given: move PostgreSQL's sequence past them
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Course]):
            schema_editor.execute(statement)


def copy_back(apps, schema_editor):
    OldCourse = apps.get_model("rights", "Course")
    Attendance = apps.get_model("rights", "Attendance")
    Course = apps.get_model("life", "Course")
    Enrolment = apps.get_model("life", "Enrolment")
    for c in Course.objects.filter(audience="officials"):
        OldCourse.objects.create(
            id=c.id, org_id=c.org_id, title=c.title[:150], provider=c.provider,
            start_date=c.starts_on, hours=c.hours,
        )  # fmt: skip
    for e in Enrolment.objects.filter(official__isnull=False, course__audience="officials"):
        Attendance.objects.create(course_id=e.course_id, official_id=e.official_id, hours=e.hours)
    Enrolment.objects.filter(official__isnull=False, course__audience="officials").delete()
    Course.objects.filter(audience="officials").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("life", "0002_courses_and_member_filters"),
        ("rights", "0002_default_home_criteria"),
    ]

    operations = [migrations.RunPython(copy_training, copy_back)]
