"""Study and courses: enrolment (quota, deadline, conditions), attendance with hours up to
completion, online study, officials' training, the learning record, certificates, the copy of
the rights module's training rows, and what staff and members may do."""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from gonghui.core.models import AuditEvent
from gonghui.life import learning
from gonghui.life.models import Enrolment
from gonghui.life.services import courses
from gonghui.orgs.models import Official, Term
from tests.conftest import MARKER_A, acting
from tests.life.factories import enrol, make_course, make_member

pytestmark = pytest.mark.django_db


def _attend(user, course, enrolments, hours=None):
    with acting(user):
        return courses.record_attendance(
            actor=user, course=course, enrolment_ids=[e.pk for e in enrolments], hours=hours
        )


def test_attendance_adds_hours_up_to_completion(cast):
    course = make_course(cast.chair_a, cast.union_a, hours=Decimal("4"))
    one, two = make_member(cast.union_a, "一"), make_member(cast.union_a, "二")
    e1, e2 = enrol(one, course), enrol(two, course)
    assert _attend(cast.chair_a, course, [e1, e2], hours="2.5") == 2
    e1.refresh_from_db()
    assert (e1.status, e1.hours, e1.sessions) == ("enrolled", Decimal("2.5"), 1)
    assert _attend(cast.chair_a, course, [e1], hours="2") == 1
    e1.refresh_from_db()
    # Capped at the course's hours; reaching them completes the course.
    assert (e1.status, e1.hours, e1.sessions) == ("completed", Decimal("4.0"), 2)
    assert e1.completed_at is not None
    # A completed learner cannot be marked again; nothing half-written.
    with pytest.raises(ValidationError):
        _attend(cast.chair_a, course, [e1, e2])
    e2.refresh_from_db()
    assert e2.hours == Decimal("2.5")
    assert AuditEvent.unscoped.filter(action="life.course.attendance").count() == 2


def test_session_hours_beyond_the_course_refused(cast):
    course = make_course(cast.chair_a, cast.union_a, hours=Decimal("4"))
    e = enrol(make_member(cast.union_a, "一"), course)
    with pytest.raises(ValidationError) as exc:
        _attend(cast.chair_a, course, [e], hours="5")
    assert "学时须在 0 至 4.0 之间" in str(exc.value)


def test_quota_and_deadline_and_double_enrolment(cast):
    course = make_course(cast.chair_a, cast.union_a, quota=1, enrol_deadline=timezone.localdate())
    first, second = make_member(cast.union_a, "一"), make_member(cast.union_a, "二")
    enrol(first, course)
    with pytest.raises(ValidationError, match="您已报名该课程"):
        enrol(first, course)
    with pytest.raises(ValidationError, match="名额已满"):
        enrol(second, course)
    with acting(second.user), pytest.raises(ValidationError, match="报名已截止"):
        courses.enrol(
            actor=second.user, course=course, today=timezone.localdate() + datetime.timedelta(1)
        )


def test_withdrawn_learner_frees_the_place_and_may_enrol_again(cast):
    course = make_course(cast.chair_a, cast.union_a, quota=1)
    first, second = make_member(cast.union_a, "一"), make_member(cast.union_a, "二")
    e = enrol(first, course)
    with acting(first.user):
        courses.withdraw(actor=first.user, enrolment=e)
    enrol(second, course)
    with pytest.raises(ValidationError, match="名额已满"):
        enrol(first, course)


def test_online_course_completed_by_the_member(cast):
    course = make_course(cast.chair_a, cast.union_a, mode="online", hours=Decimal("2"))
    member = make_member(cast.union_a, "一")
    e = enrol(member, course)
    with acting(member.user):
        courses.complete_online(actor=member.user, enrolment=e)
    e.refresh_from_db()
    assert (e.status, e.hours) == ("completed", Decimal("2.0"))
    other = make_member(cast.union_a, "二")
    with acting(other.user), pytest.raises(PermissionDenied):
        courses.complete_online(actor=other.user, enrolment=e)


def test_in_person_course_is_not_self_completed(cast):
    course = make_course(cast.chair_a, cast.union_a)
    member = make_member(cast.union_a, "一")
    e = enrol(member, course)
    with acting(member.user), pytest.raises(ValidationError, match="线下课程"):
        courses.complete_online(actor=member.user, enrolment=e)


def test_sibling_union_cannot_manage_or_enrol(cast):
    course = make_course(cast.chair_a, cast.union_a, eligibility="union")
    b_member = make_member(cast.union_b, "乙会员")
    with pytest.raises(ValidationError, match="仅限"):
        enrol(b_member, course)
    a_member = make_member(cast.union_a, "一")
    e = enrol(a_member, course)
    with acting(cast.chair_b), pytest.raises(PermissionDenied):
        courses.record_attendance(actor=cast.chair_b, course=course, enrolment_ids=[e.pk])


def test_course_for_officials_is_recorded_by_staff_only(cast):
    course = make_course(cast.chair_a, cast.union_a, audience="officials")
    with pytest.raises(ValidationError, match="由工会统一登记"):
        enrol(make_member(cast.union_a, "一"), course)


def test_material_is_sanitised(cast):
    course = make_course(
        cast.chair_a, cast.union_a,
        material='<h2>要点</h2><p onclick="x()">正文<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">链接</a>',
    )  # fmt: skip
    assert "<h2>要点</h2>" in course.material
    assert "script" not in course.material and "onclick" not in course.material
    assert "javascript:" not in course.material


def test_member_record_has_hours_per_year(cast):
    member = make_member(cast.union_a, "一")
    this_year = make_course(cast.chair_a, cast.union_a, mode="online", hours=Decimal("2"))
    e = enrol(member, this_year)
    with acting(member.user):
        courses.complete_online(actor=member.user, enrolment=e)
    record = learning.record_of_member(member)
    assert record["total"] == Decimal("2.0") and record["completed"] == 1
    assert record["years"] == [{"year": this_year.starts_on.year, "hours": Decimal("2.0")}]


def _completed(cast):
    course = make_course(cast.chair_a, cast.union_a, mode="online", hours=Decimal("2"),
                         title=f"{MARKER_A}工会法学习")  # fmt: skip
    member = make_member(cast.union_a, "王小燕")
    e = enrol(member, course)
    with acting(member.user):
        courses.complete_online(actor=member.user, enrolment=e)
    return member, course, e


def _pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_member_downloads_a_chinese_certificate(cast, login):
    member, course, e = _completed(cast)
    response = login(member.user).get(f"/life/me/courses/{course.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "结业证书" in text and "王小燕" in text and "工会法学习" in text
    assert e.certificate_number in text and "2.0" in text
    # Another member: not theirs (404); staff of a sibling union: 404.
    other = make_member(cast.union_a, "二")
    assert login(other.user).get(f"/life/me/courses/{course.pk}/certificate.pdf").status_code == 404
    assert login(cast.chair_b).get(f"/life/enrolments/{e.pk}/certificate.pdf").status_code == 404
    assert login(cast.chair_a).get(f"/life/enrolments/{e.pk}/certificate.pdf").status_code == 200


def test_learning_pages_and_exports(cast, login):
    member, course, _e = _completed(cast)
    chair = login(cast.chair_a)
    page = chair.get(f"/life/learning/?year={course.starts_on.year}").content.decode()
    assert "王小燕" in page
    assert "王小燕" not in login(cast.chair_b).get("/life/learning/").content.decode()
    record = chair.get(f"/life/learning/members/{member.pk}/").content.decode()
    assert "工会法学习" in record and e_number(member) in record
    assert login(cast.chair_b).get(f"/life/learning/members/{member.pk}/").status_code == 404
    book = load_workbook(io.BytesIO(chair.get(f"/life/courses/{course.pk}/export.xlsx").content))
    rows = list(book["学员名单"].iter_rows(values_only=True))
    assert rows[1][1:6] == ("王小燕", "会员", member.card_number, cast.union_a.name, "已结业")
    rates = list(book["参与率"].iter_rows(values_only=True))
    assert rates[0] == ("工会", "符合条件会员", "报名学习", "报名率", "结业", "结业率")
    assert rates[1][0] == cast.union_a.name and rates[1][2:6] == (1, 1.0, 1, 1.0)
    year = course.starts_on.year
    book = load_workbook(io.BytesIO(chair.get(f"/life/learning/export.xlsx?year={year}").content))
    assert list(book["会员学时"].iter_rows(values_only=True))[1][1] == "王小燕"


def e_number(member):
    return Enrolment.unscoped.get(member=member).certificate_number


def test_member_pages_on_the_phone(cast, login):
    member = make_member(cast.union_a, "一")
    course = make_course(cast.chair_a, cast.union_a, material="<p>第一课</p>")
    client = login(member.user)
    assert course.title in client.get("/life/me/learning/").content.decode()
    assert "报名学习" in client.get(f"/life/me/courses/{course.pk}/").content.decode()
    client.post(f"/life/me/courses/{course.pk}/enrol/")
    assert Enrolment.unscoped.get(member=member).status == "enrolled"
    # A member of the sibling union does not see the course.
    b = make_member(cast.union_b, "乙")
    assert login(b.user).get(f"/life/me/courses/{course.pk}/").status_code == 404


def _official(cast):
    term = Term.unscoped.create(
        org=cast.union_a, kind="committee", start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2029, 1, 1),
    )  # fmt: skip
    return Official.unscoped.create(
        org=cast.union_a, term=term, name=f"{MARKER_A}主席", position="chair",
        start_date=term.start_date,
    )  # fmt: skip


def test_officials_recorded_through_the_course_page(cast, login):
    official = _official(cast)
    course = make_course(cast.district_admin, cast.district, audience="officials")
    client = login(cast.district_admin)
    client.post(f"/life/courses/{course.pk}/officials/", {"officials": [official.pk]})
    e = Enrolment.unscoped.get(official=official)
    assert (e.status, e.hours, e.org_id) == ("completed", Decimal("4.0"), cast.union_a.pk)
    page = client.get(f"/life/courses/{course.pk}/").content.decode()
    assert f"{MARKER_A}主席" in page


def test_rights_training_rows_are_copied_to_the_learning_record(cast):
    """The data migration, run against the old rights tables recreated as they were: each
    rights course becomes an officials' course with the same id, each attendance an enrolment
    of the official with its hours (completed when it reached the course's hours)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from gonghui.life.models import Course

    migration = importlib.import_module("gonghui.life.migrations.0003_copy_officials_training")
    official = _official(cast)
    other = Official.unscoped.create(
        org=cast.union_a, term=official.term, name="孙副主席", position="vice_chair",
        start_date=official.start_date,
    )  # fmt: skip
    state = ("life", "0003_copy_officials_training")
    apps = MigrationLoader(connection).project_state(state).apps
    OldCourse = apps.get_model("rights", "Course")
    Attendance = apps.get_model("rights", "Attendance")
    # SQLite refuses a schema editor inside the test transaction: the CREATE TABLE statements
    # are built and run by hand.
    editor = connection.schema_editor()
    editor.deferred_sql = []
    with connection.cursor() as cursor:
        for model in (OldCourse, Attendance):
            sql, params = editor.table_sql(model)
            cursor.execute(sql, params)
    old = OldCourse.objects.create(
        id=41, org_id=cast.district.pk, title="干部培训", provider="文化宫",
        start_date=datetime.date(2025, 3, 1), hours=Decimal("16"),
    )  # fmt: skip
    Attendance.objects.create(course_id=old.id, official_id=official.pk, hours=Decimal("16"))
    Attendance.objects.create(course_id=old.id, official_id=other.pk, hours=Decimal("12.5"))
    migration.copy_training(apps, editor)
    copied = Course.unscoped.get(pk=41)
    assert (copied.audience, copied.status, copied.hours, copied.starts_on, copied.title) == (
        "officials",
        "closed",
        Decimal("16.0"),
        datetime.date(2025, 3, 1),
        "干部培训",
    )
    rows = {
        e.official.name: (e.hours, e.status, e.org_id)
        for e in Enrolment.unscoped.filter(course=copied).select_related("official")
    }
    assert rows == {
        f"{MARKER_A}主席": (Decimal("16.0"), "completed", cast.union_a.pk),
        "孙副主席": (Decimal("12.5"), "enrolled", cast.union_a.pk),
    }
    with acting(cast.district_admin):
        hours = {o.name: o.hours for o in learning.officials_training(2025)}
    assert hours == {f"{MARKER_A}主席": Decimal("16.0"), "孙副主席": Decimal("12.5")}
    # The sequence moved past the copied id: a new course gets a new id.
    assert make_course(cast.chair_a, cast.union_a).pk != 41
