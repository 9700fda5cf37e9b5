import pytest

from gonghui.life.models import (
    Activity,
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
        == (2, 1, 1)
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
