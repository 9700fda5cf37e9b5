"""The monthly arrears reminders run by the worker's schedule: each employer in arrears up to
last month is texted once for that month (the job runs daily), a district may turn them off,
and the run is audited."""

import datetime

import pytest

from gonghui.core import config
from gonghui.core.models import AuditEvent, SmsMessage
from gonghui.core.scheduling import JOBS
from gonghui.funds.models import EmployerFunds
from gonghui.funds.services import remittances
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db

APRIL_1 = datetime.date(2026, 4, 1)


def test_the_schedule_runs_the_job_daily():
    job = JOBS["funds.remind_arrears"]
    assert job.task == "gonghui.funds.tasks.remind_arrears" and job.daily_at is not None


def test_employers_in_arrears_are_reminded_once_per_month(cast):
    f.payroll(cast, cast.employer_a, "100000")  # 2,000 a month, nothing paid
    f.payroll(cast, cast.employer_b, "50000", phone="")  # in arrears but no phone
    f.import_lines(cast, [f.line("x", "2000", code=cast.employer_a.credit_code,
                                 period=datetime.date(2026, 1, 1))])  # fmt: skip
    assert remittances.send_scheduled_reminders(today=APRIL_1) == 1
    message = SmsMessage.unscoped.get()
    assert message.phone == "13900000001"
    assert message.params["owed"] == "4,000.00" and message.params["month"] == "2026年3月"
    assert EmployerFunds.unscoped.get(employer=cast.employer_a).reminded_period == datetime.date(
        2026, 3, 1
    )
    event = AuditEvent.objects.get(action="funds.arrears.auto_remind")
    assert event.extra["sent"] == 1 and event.extra["month"] == "2026-03"
    # the next days of the month: nothing twice for March
    assert remittances.send_scheduled_reminders(today=APRIL_1 + datetime.timedelta(days=1)) == 0
    assert SmsMessage.unscoped.count() == 1
    # next month: a reminder for April
    assert remittances.send_scheduled_reminders(today=datetime.date(2026, 5, 2)) == 1
    assert SmsMessage.unscoped.count() == 2


def test_a_district_can_turn_the_reminders_off(cast):
    f.payroll(cast, cast.employer_a, "100000")
    with acting(cast.district_admin):
        config.change_setting(actor=cast.district_admin, key="funds.auto_reminders", value=False)
    assert remittances.send_scheduled_reminders(today=APRIL_1) == 0
    assert not SmsMessage.unscoped.exists()


def test_the_task_runs_the_reminders(cast):
    from gonghui.funds.tasks import remind_arrears

    f.payroll(cast, cast.employer_a, "100000")
    assert remind_arrears.call() == {"reminded": 1}
    assert SmsMessage.unscoped.count() == 1
