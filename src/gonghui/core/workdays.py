"""Chinese working days: national holidays and adjusted working weekends (调休) from the
``chinese-calendar`` package, overridden by the district's own ``CalendarDay`` table, which also
covers years the package does not know yet (for those, plain weekdays count as working days
unless the table says otherwise)."""

import datetime

import chinese_calendar

from .models import CalendarDay


def _overrides(start, end):
    return dict(
        CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
    )


def _package_says(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day, overrides=None):
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _package_says(day)


def add_working_days(start, days):
    """The date ``days`` working days after ``start`` (``start`` itself is not counted).

    A notice that starts on ``start`` and runs ``days`` working days ends on the returned date.
    """
    if isinstance(start, datetime.datetime):
        start = start.date()
    horizon = start + datetime.timedelta(days=days * 3 + 30)
    overrides = _overrides(start, horizon)
    current = start
    counted = 0
    while counted < days:
        current += datetime.timedelta(days=1)
        if is_workday(current, overrides):
            counted += 1
    return current


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_workday(current, overrides):
            count += 1
    return count
