"""Day counting across holidays and adjusted working weekends, and the congress pass rule."""

import datetime

import pytest

from gonghui.core import config
from gonghui.workplace import policy

pytestmark = pytest.mark.django_db

D = datetime.date


def _set(key, value, user=None):
    config.set_value(actor=user, key=key, value=value)


def test_calendar_days_roll_past_national_day_holiday():
    # 2026-09-30 + 3 days = 10-03, inside the 10-01..10-07 holiday: ends on 10-08.
    due = policy.deadline(D(2026, 9, 30), 3)
    assert (due.due, due.kind, due.rolled) == (D(2026, 10, 8), "calendar", True)
    assert "顺延" in due.text


def test_calendar_days_without_rollover():
    _set("workplace.roll_to_workday", False)
    assert policy.deadline(D(2026, 9, 30), 3).due == D(2026, 10, 3)


def test_calendar_deadline_on_adjusted_working_saturday_is_not_rolled():
    # 2026-02-13 + 15 = 2026-02-28, a Saturday made a working day (调休): no rollover.
    due = policy.deadline(D(2026, 2, 13), 15)
    assert (due.due, due.rolled) == (D(2026, 2, 28), False)


def test_working_days_skip_holiday_and_count_adjusted_saturday():
    _set("workplace.day_kind", "working")
    # 09-30 (Wed) + 3 working days: 10-08, 10-09, 10-10 (Saturday worked) -> 10-10.
    assert policy.deadline(D(2026, 9, 30), 3).due == D(2026, 10, 10)
    # Filing 10 working days after signing on 09-28: 09-29, 09-30, 10-08..10-10, 10-12..10-16.
    assert policy.deadline(D(2026, 9, 28), 10).due == D(2026, 10, 16)


def test_working_days_across_spring_festival():
    _set("workplace.day_kind", "working")
    # 02-13 + 15 working days: 02-14 (Sat worked), 02-24..02-28, 03-02..03-06, 03-09..03-12.
    assert policy.deadline(D(2026, 2, 13), 15).due == D(2026, 3, 12)


def test_district_calendar_override_counts():
    from gonghui.core.models import CalendarDay

    _set("workplace.day_kind", "working")
    CalendarDay.objects.create(date=D(2026, 10, 9), is_workday=False, note="区停工")
    assert policy.deadline(D(2026, 9, 30), 3).due == D(2026, 10, 12)


def test_display_window_in_working_days():
    assert policy.days_in_window(D(2026, 9, 30), D(2026, 10, 14)) == 15
    _set("workplace.day_kind", "working")
    # 09-30, 10-08, 10-09, 10-10, 10-12
    assert policy.days_in_window(D(2026, 9, 30), D(2026, 10, 12)) == 5


@pytest.mark.parametrize(
    ("present", "votes_for", "quorum_met", "passed"),
    [
        (80, 61, True, True),  # exactly 2/3 present; 61 > 60 = half of all 120
        (79, 79, False, False),  # one short of the quorum: void, whatever the votes
        (80, 60, True, False),  # exactly half of all delegates is not "more than half"
        (120, 61, True, True),
    ],
)
def test_tally_at_the_pass_rule_boundary(present, votes_for, quorum_met, passed):
    result = policy.tally(120, present, votes_for, 0)
    assert (result.quorum_needed, result.pass_needed) == (80, 61)
    assert (result.quorum_met, result.passed) == (quorum_met, passed)
    assert f"赞成 {votes_for} 票" in result.text
    assert "须 ≥ 80 人" in result.text and "赞成 ≥ 61 票" in result.text


def test_tally_with_odd_total():
    result = policy.tally(121, 81, 61, 10)  # 2/3 of 121 = 80.67 -> 81; half = 60.5 -> 61
    assert (result.quorum_needed, result.pass_needed, result.passed) == (81, 61, True)


def test_tally_rule_settings_change_the_outcome():
    _set("workplace.pass_strict", False)
    assert policy.tally(120, 80, 60, 0).passed is True
    _set("workplace.pass_denominator", "present")
    result = policy.tally(120, 80, 40, 0)
    assert (result.pass_needed, result.passed) == (40, True)
    assert "出席代表" in result.text


def test_months_between():
    assert policy.months_between(D(2026, 1, 1), D(2026, 12, 31)) == 12
    assert policy.months_between(D(2026, 3, 15), D(2029, 3, 14)) == 36
    assert policy.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
