import pytest

from gonghui.life.models import (
    Activity,
    Course,
    Enrolment,
    Notice,
    NoticeReceipt,
    Participation,
    Signup,
    Survey,
    UnionProfile,
)

pytestmark = pytest.mark.django_db


def test_demo_loads_twice():
    from gonghui.core.demo import load_demo

    load_demo()
    counts = (Notice.unscoped.count(), Activity.unscoped.count(), Survey.unscoped.count())
    load_demo()
    assert (
        (Notice.unscoped.count(), Activity.unscoped.count(), Survey.unscoped.count())
        == counts
        == (2, 2, 1)
    )
    confirmed = NoticeReceipt.unscoped.filter(
        notice__response="confirm", responded_at__isnull=False
    )
    assert list(confirmed.values_list("org__code", flat=True)) == ["HP01"]
    assert sorted(Signup.unscoped.values_list("status", flat=True)) == ["confirmed"] * 4 + [
        "waitlisted"
    ]
    assert Participation.unscoped.count() == 1
    assert UnionProfile.unscoped.get().org.code == "HP0101"

    # Courses: officials' training (recorded by staff), an in-person course with attendance,
    # an online course completed by member-a; a women-only activity.
    assert sorted(Course.unscoped.values_list("title", "audience")) == sorted([
        ("基层工会主席履职能力培训班", "officials"),
        ("《中华人民共和国工会法》网上学习课", "members"),
        ("安全生产知识培训", "members"),
    ])  # fmt: skip
    safety = Enrolment.unscoped.filter(course__title="安全生产知识培训")
    assert sorted(safety.values_list("status", flat=True)) == ["completed"] * 2 + ["enrolled"] * 2
    assert Enrolment.unscoped.filter(
        course__title__contains="工会法", status="completed", member__user__username="member-a"
    ).exists()
    assert Enrolment.unscoped.filter(official__isnull=False, status="completed").count() >= 1
    assert Activity.unscoped.get(filter_gender="F").title == "三八节女职工插花沙龙"
