import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.honours import services
from gonghui.honours.models import NominationStatus, ObjectionOutcome
from tests.conftest import acting

from .conftest import approve_and_publish, begin_review

pytestmark = pytest.mark.django_db


def _review(cast, round_):
    with acting(cast.district_admin):
        begin_review(cast, round_)


def test_notice_before_national_day_2026_skips_holiday_and_counts_adjusted_saturday(
    cast, district_round
):
    # 9-30 (Wed) start; 10-1..7 holiday; 10-8 Thu, 10-9 Fri, 10-10 Sat (调休 working day),
    # 10-12 Mon, 10-13 Tue = 5 working days.
    assert services.notice_end_for(district_round, datetime.date(2026, 9, 30)) == datetime.date(
        2026, 10, 13
    )


def test_notice_before_labour_day_2026(cast, district_round):
    # 4-30 (Thu) start; 5-1..5 holiday; 5-6, 5-7, 5-8, 5-9 (Sat, 调休), 5-11.
    assert services.notice_end_for(district_round, datetime.date(2026, 4, 30)) == datetime.date(
        2026, 5, 11
    )


def test_notice_over_mid_autumn_and_adjusted_sunday(cast, district_round):
    # 9-18 (Fri) start; 9-20 (Sun) is a 调休 working day; 9-25 (Fri) 中秋 is a holiday.
    assert services.notice_end_for(district_round, datetime.date(2026, 9, 18)) == datetime.date(
        2026, 9, 24
    )


def test_district_calendar_override_extends_notice(cast, district_round):
    from gonghui.core.models import CalendarDay

    CalendarDay.objects.create(
        date=datetime.date(2026, 10, 12), is_workday=False, note="区里临时休息"
    )
    assert services.notice_end_for(district_round, datetime.date(2026, 9, 30)) == datetime.date(
        2026, 10, 14
    )


def test_publish_notice_sets_dates_and_state(cast, district_round, a_nomination):
    _review(cast, district_round)
    with acting(cast.district_admin):
        n = approve_and_publish(
            actor=cast.district_admin, nomination=a_nomination, start=datetime.date(2026, 9, 30)
        )
    assert (n.status, n.notice_start, n.notice_end) == (
        NominationStatus.IN_NOTICE,
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 13),
    )


def _in_notice_ended(cast, round_, nomination):
    _review(cast, round_)
    with acting(cast.district_admin):
        approve_and_publish(
            actor=cast.district_admin,
            nomination=nomination,
            start=datetime.date.today() - datetime.timedelta(days=30),
        )


def test_award_refused_during_notice(cast, district_round, a_nomination):
    _review(cast, district_round)
    with acting(cast.district_admin):
        approve_and_publish(actor=cast.district_admin, nomination=a_nomination)
        with pytest.raises(ValidationError, match="公示期"):
            services.award(actor=cast.district_admin, nomination=a_nomination)


def test_open_objection_blocks_award_until_answered(cast, district_round, a_nomination):
    _review(cast, district_round)
    with acting(cast.district_admin):
        approve_and_publish(
            actor=cast.district_admin,
            nomination=a_nomination,
            start=datetime.date.today() - datetime.timedelta(days=1),
        )
    objection = services.raise_objection(
        nomination_id=a_nomination.pk,
        public_key=district_round.public_key,
        text="该同志事迹中的节约数据与实际不符，请核实。",
    )
    # The notice ends; the objection is still open.
    a_nomination.refresh_from_db()
    a_nomination.notice_end = datetime.date.today() - datetime.timedelta(days=1)
    a_nomination.save()
    with acting(cast.district_admin):
        with pytest.raises(ValidationError, match="1 条异议未答复"):
            services.award(actor=cast.district_admin, nomination=a_nomination)
        services.answer_objection(
            actor=cast.district_admin,
            objection=objection,
            outcome=ObjectionOutcome.REJECTED,
            answer="经核实，数据有财务凭证支持，异议不成立。",
        )
        n = services.award(actor=cast.district_admin, nomination=a_nomination)
    assert n.status == NominationStatus.AWARDED
    assert n.certificate_no == f"2026-{district_round.pk:04d}-001"
    # no reason typed: the step notes that the notice ended with no objection open, worded
    # for the reader
    from django.utils import translation

    from gonghui.core.workflow import history
    from gonghui.honours.workflows import step_note

    awarded = next(e for e in history(n) if e.transition == "award")
    assert (awarded.reason, awarded.data, n.decision_reason) == ("", {"no_objection": True}, "")
    assert step_note(awarded) == "公示期满，无未答复异议"
    with translation.override("en"):
        assert step_note(awarded) == "The notice period is over with no unanswered objection"


def test_objection_outside_notice_refused(cast, district_round, a_nomination):
    with pytest.raises(ValidationError, match="不在公示期内"):
        services.raise_objection(
            nomination_id=a_nomination.pk,
            public_key=district_round.public_key,
            text="这是一条不在公示期内的异议内容。",
        )


def test_district_approval_and_award_refused_beyond_quota(cast):
    from gonghui.honours.models import Nomination

    from .conftest import approve, make_member, make_round, nominate, recommend

    round_ = make_round(cast.district_admin, cast.district, quota=1, street_quota=2)
    first, second = (
        nominate(
            cast.chair_a, round_, cast.union_a, make_member(cast.union_a, name), frontline=True
        )
        for name in ("甲", "乙")
    )
    recommend(first, second)  # the street may recommend 2
    _review(cast, round_)
    approve(first)
    with acting(cast.reviewer), pytest.raises(ValidationError, match="评审通过人数 2 超过名额 1"):
        services.review(actor=cast.reviewer, nomination=second, decision="approve")
    with acting(cast.district_admin):
        approve_and_publish(
            actor=cast.district_admin,
            nomination=first,
            start=datetime.date.today() - datetime.timedelta(days=30),
        )
        services.award(actor=cast.district_admin, nomination=first)
    # The award keeps its own check (e.g. for nominations already on notice before the chain).
    Nomination.unscoped.filter(pk=second.pk).update(
        status=NominationStatus.IN_NOTICE,
        notice_start=datetime.date.today() - datetime.timedelta(days=30),
        notice_end=datetime.date.today() - datetime.timedelta(days=20),
    )
    second.refresh_from_db()
    with acting(cast.district_admin):
        with pytest.raises(ValidationError, match="达到名额 1"):
            services.award(actor=cast.district_admin, nomination=second)
        services.refuse_award(actor=cast.district_admin, nomination=second, reason="名额已满")
    second.refresh_from_db()
    assert second.status == NominationStatus.NOT_AWARDED


def test_union_cannot_award_or_publish_district_round(cast, district_round, a_nomination):
    from django.core.exceptions import PermissionDenied

    _review(cast, district_round)
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        approve_and_publish(actor=cast.chair_a, nomination=a_nomination)


def test_withdraw_needs_reason_and_is_recorded(cast, district_round, a_nomination):
    from gonghui.core.workflow import history

    with acting(cast.chair_a):
        with pytest.raises(ValidationError, match="理由"):
            services.withdraw_nomination(actor=cast.chair_a, nomination=a_nomination, reason=" ")
        services.withdraw_nomination(actor=cast.chair_a, nomination=a_nomination, reason="本人调离")
    (event,) = history(a_nomination)
    assert (event.transition, event.to_state, event.reason, event.actor) == (
        "withdraw",
        "withdrawn",
        "本人调离",
        cast.chair_a,
    )
