import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core import notify
from gonghui.life import selectors
from gonghui.life.models import Activity, Signup
from gonghui.life.services import activities
from gonghui.life.services.activities import checkin_token, checkin_window
from tests.conftest import acting
from tests.life.factories import make_activity, make_member

pytestmark = pytest.mark.django_db


def _sign(member, activity, **kwargs):
    with acting(member.user):
        return activities.sign_up(actor=member.user, activity=activity, **kwargs)


def _cancel(member, activity, **kwargs):
    signup = Signup.unscoped.get(activity=activity, member=member)
    with acting(member.user):
        return activities.cancel_signup(actor=member.user, signup=signup, **kwargs)


def _statuses(activity):
    return [
        (s.member.name, s.status)
        for s in Signup.unscoped.filter(activity=activity).order_by("signed_at", "id")
    ]


def test_fourth_is_waitlisted_and_moves_up_when_one_cancels(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    notify.outbox.clear()
    activity = make_activity(cast.chair_a, cast.union_a, quota=3)
    people = [make_member(cast.union_a, name) for name in ("一", "二", "三", "四")]
    for m in people:
        _sign(m, activity)
    assert _statuses(activity) == [
        ("一", "confirmed"),
        ("二", "confirmed"),
        ("三", "confirmed"),
        ("四", "waitlisted"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        _cancel(people[1], activity)
    assert _statuses(activity) == [
        ("一", "confirmed"),
        ("二", "cancelled"),
        ("三", "confirmed"),
        ("四", "confirmed"),
    ]
    promoted = Signup.unscoped.get(activity=activity, member=people[3])
    assert promoted.promoted_at is not None
    assert [(m.phone, m.template_key) for m in notify.outbox] == [
        (people[3].phone, "life.signup_promoted")
    ]
    notify.outbox.clear()


def test_waiting_positions_follow_arrival(cast):
    activity = make_activity(cast.chair_a, cast.union_a, quota=1)
    people = [make_member(cast.union_a, n) for n in ("甲", "乙", "丙")]
    signups = [_sign(m, activity) for m in people]
    assert [selectors.waiting_position(s) for s in signups[1:]] == [1, 2]


def test_cancelled_member_signs_up_again_at_the_end(cast):
    activity = make_activity(cast.chair_a, cast.union_a, quota=1)
    a, b = make_member(cast.union_a, "甲"), make_member(cast.union_a, "乙")
    _sign(a, activity)
    _sign(b, activity)
    _cancel(a, activity)
    again = _sign(a, activity)
    assert (again.status, Signup.unscoped.get(member=b).status) == ("waitlisted", "confirmed")


def test_sign_up_twice_is_refused(cast):
    activity = make_activity(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, "甲")
    _sign(m, activity)
    with pytest.raises(ValidationError) as exc:
        _sign(m, activity)
    assert exc.value.messages == ["您已报名该活动"]


def test_sign_up_after_deadline_is_refused(cast):
    activity = make_activity(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, "甲")
    with pytest.raises(ValidationError) as exc:
        _sign(m, activity, now=activity.signup_deadline + datetime.timedelta(minutes=1))
    assert exc.value.messages == ["报名已截止"]


def test_cancel_after_cutoff_is_refused(cast):
    activity = make_activity(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, "甲")
    _sign(m, activity)
    with pytest.raises(ValidationError) as exc:
        _cancel(m, activity, now=activity.cancel_cutoff + datetime.timedelta(minutes=1))
    assert exc.value.messages == ["已过取消报名截止时间"]


def test_member_of_sibling_union_is_not_eligible(cast):
    activity = make_activity(cast.chair_a, cast.union_a)
    outsider = make_member(cast.union_b, "乙")
    with pytest.raises(PermissionDenied):
        _sign(outsider, activity)


def test_union_only_activity_of_street_excludes_members_below(cast):
    activity = make_activity(cast.street_admin, cast.street, eligibility="union")
    below = make_member(cast.union_a, "甲")
    assert list(selectors.activities_open_to(below)) == []
    assert [a.pk for a in selectors.activities_open_to(make_member(cast.street, "街"))] == [
        activity.pk
    ]


def test_street_activity_is_open_to_members_below(cast):
    activity = make_activity(cast.street_admin, cast.street)
    assert [a.pk for a in selectors.activities_open_to(make_member(cast.group_a, "组"))] == [
        activity.pk
    ]
    assert [a.pk for a in selectors.activities_open_to(make_member(cast.other_street, "外"))] == []


def test_qr_check_in_credits_hours(cast):
    activity = make_activity(cast.chair_a, cast.union_a, hours=Decimal("2.5"))
    m = make_member(cast.union_a, "甲")
    _sign(m, activity)
    with acting(m.user):
        s = activities.check_in_by_qr(
            actor=m.user, activity=activity, token=checkin_token(activity)
        )
    assert (s.checkin_method, s.hours, s.checked_in_at is not None) == ("qr", Decimal("2.5"), True)
    assert selectors.member_hours(m) == Decimal("2.5")


def test_qr_code_expires_after_two_windows(cast):
    activity = make_activity(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, "甲")
    _sign(m, activity)
    old = checkin_token(activity, checkin_window() - 2)
    with acting(m.user), pytest.raises(ValidationError) as exc:
        activities.check_in_by_qr(actor=m.user, activity=activity, token=old)
    assert exc.value.messages == ["签到码已过期，请重新扫描现场二维码"]
    previous = checkin_token(activity, checkin_window() - 1)
    with acting(m.user):
        assert (
            activities.check_in_by_qr(
                actor=m.user, activity=activity, token=previous
            ).checkin_method
            == "qr"
        )


def test_waitlisted_member_cannot_check_in(cast):
    activity = make_activity(cast.chair_a, cast.union_a, quota=1)
    a, b = make_member(cast.union_a, "甲"), make_member(cast.union_a, "乙")
    _sign(a, activity)
    _sign(b, activity)
    with acting(b.user), pytest.raises(ValidationError) as exc:
        activities.check_in_by_qr(actor=b.user, activity=activity, token=checkin_token(activity))
    assert exc.value.messages == ["只有正式报名的会员可以签到"]


def test_staff_check_in_by_member_card(cast):
    activity = make_activity(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, "甲")
    _sign(m, activity)
    with acting(cast.staff_a):
        s = activities.check_in_by_card(
            actor=cast.staff_a, activity=activity, card_number=m.card_number
        )
        with pytest.raises(ValidationError):
            activities.check_in_by_card(actor=cast.staff_a, activity=activity, card_number="NONE")
    assert (s.checkin_method, s.hours) == ("card", Decimal("2.5"))


def test_union_below_cannot_manage_street_activity(cast):
    activity = make_activity(cast.street_admin, cast.street)
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        activities.write_summary(
            actor=cast.chair_a, activity=Activity.unscoped.get(pk=activity.pk), summary="x"
        )


def test_participation_rolls_up_by_union(cast):
    activity = make_activity(cast.street_admin, cast.street, quota=2)
    a1, a2, b1 = (
        make_member(cast.union_a, "甲一"),
        make_member(cast.union_a, "甲二"),
        make_member(cast.union_b, "乙一"),
    )
    for m in (a1, a2, b1):
        _sign(m, activity)
    with acting(a1.user):
        activities.check_in_by_qr(actor=a1.user, activity=activity, token=checkin_token(activity))
    with acting(cast.street_admin):
        rows = selectors.participation_rollup(activity)
    assert [
        (r["org__name"], r["confirmed"], r["waiting"], r["checked_in"], r["hours"]) for r in rows
    ] == [
        ("甲工会（甲公司工会）", 2, 0, 1, Decimal("2.5")),
        ("乙公司工会", 0, 1, 0, Decimal("0.0")),
    ]


def test_times_must_be_consistent(cast):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        make_activity(cast.chair_a, cast.union_a, signup_deadline=now + datetime.timedelta(days=8))
    assert exc.value.message_dict == {"signup_deadline": ["报名截止不能晚于活动开始"]}
