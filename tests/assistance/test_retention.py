"""Retention of closed hardship files and the purge of their personal data."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import translation

from gonghui.assistance import programmes, retention, services
from gonghui.assistance.models import (
    PURGED_NAME,
    Attachment,
    Entitlement,
    HardshipFile,
    HouseholdMember,
    Payment,
)
from gonghui.core import config
from gonghui.core.models import AuditEvent, WorkflowEvent
from tests.conftest import MARKER_A, acting

from .helpers import TODAY, clear_flags, draft_file, person_id, set_dibao, to_state

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2014, 6, 30)
KEEP = datetime.date(2024, 6, 30)  # 10 years (the default setting)


def _cycle(cast, kind):
    with acting(cast.district_admin):
        programme = programmes.create_programme(
            actor=cast.district_admin, org=cast.district, kind=kind, name=kind
        )
        cycle = programmes.open_cycle(
            actor=cast.district_admin,
            programme=programme,
            name=f"{kind} 批次",
            year=TODAY.year,
            start_date=TODAY,
            end_date=TODAY,
        )
        programmes.set_budget(
            actor=cast.district_admin,
            cycle=cycle,
            org=cast.district,
            fund_source="union",
            amount="20000",
        )
    return cycle


@pytest.fixture
def closed(cast):
    """A filed household with a student, paid a 送温暖 and a 金秋助学 grant, then closed on
    ``CLOSED``; the applicant's name carries the union A marker."""
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.chair_a):
        services.add_household_member(
            actor=cast.chair_a,
            file=file,
            name=f"{MARKER_A}学生",
            relationship="child",
            id_number=(student_id := person_id(datetime.date(2005, 9, 1))),
            schooling="university",
            employment="student",
            health="chronic",
            health_note="哮喘",
        )
        services.add_income(actor=cast.chair_a, file=file, kind="rent", monthly_amount="300")
        services.add_cost(actor=cast.chair_a, file=file, kind="medical", monthly_amount="200")
        services.add_declaration(actor=cast.chair_a, file=file, kind="home", count=1)
    file = to_state(cast, file, "filed")
    student = file.household.get(name=f"{MARKER_A}学生")
    warmth, autumn = _cycle(cast, "warmth"), _cycle(cast, "education")
    with acting(cast.chair_a):
        e1 = programmes.nominate(actor=cast.chair_a, cycle=warmth, file=file)
        e2 = programmes.nominate(actor=cast.chair_a, cycle=autumn, file=file, student=student)
    clear_flags(cast, e1, e2)  # the two overlap in time: the centre lets them through
    with acting(cast.reviewer):
        programmes.approve_list(actor=cast.reviewer, cycle=warmth)
        programmes.approve_list(actor=cast.reviewer, cycle=autumn)
    with acting(cast.staff_a):
        for n, e in enumerate((e1, e2)):
            programmes.record_payment(
                actor=cast.staff_a,
                entitlement=e,
                method="bank",
                paid_on=TODAY,
                idempotency_key=f"r-{n}",
            )
    with acting(cast.chair_a):
        services.exit_file(actor=cast.chair_a, file=file, reason="moved", note="迁往外省")
    HardshipFile.objects.filter(pk=file.pk).update(closed_on=CLOSED)
    file.refresh_from_db()
    file.student_id_number = student_id
    return file


def test_keep_date_is_closing_plus_the_setting(cast, closed):
    assert retention.keep_until(closed) == KEEP
    assert retention.add_years(datetime.date(2016, 2, 29), 10) == datetime.date(2026, 2, 28)
    config.set_value(actor=cast.district_admin, key="assistance.retention_years", value=15)
    assert retention.keep_until(closed) == datetime.date(2029, 6, 30)
    assert "困难档案关闭后保存年限 = 15" in retention.describe(closed)


def test_exit_sets_the_keep_date_exactly(cast):
    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "filed")
    with acting(cast.chair_a):
        services.exit_file(actor=cast.chair_a, file=file, reason="moved")
    file.refresh_from_db()
    assert file.retain_until == retention.add_years(TODAY, 10)


def test_a_file_at_its_keep_date_is_kept_and_purged_the_day_after(
    cast, closed, django_capture_on_commit_callbacks
):
    applicant = closed.applicant
    bank = closed.bank_account
    attachment_names = list(Attachment.objects.filter(file=closed).values_list("upload", flat=True))
    assert attachment_names and all(default_storage.exists(n) for n in attachment_names)
    payments_before = list(Payment.objects.values_list("pk", "amount", "paid_on"))

    assert retention.purge_due(today=KEEP) == {"files": 0}
    closed.refresh_from_db()
    assert closed.purged_at is None and closed.household.count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        totals = retention.purge_due(today=KEEP + datetime.timedelta(days=1))
    assert totals["files"] == 1
    assert totals["household"] == 4 and totals["attachments"] == 2
    assert totals["payments_kept"] == 2 and totals["entitlements_anonymised"] == 2
    closed.refresh_from_db()
    assert closed.purged_at is not None and closed.retain_until == KEEP
    assert closed.applicant is None and closed.bank_account == "" and closed.situation == ""
    assert closed.bank_account_index == "" and closed.eligibility_steps == []
    assert closed.causes == [] and closed.exit_note == ""
    assert closed.exit_reason == "moved" and closed.number and closed.category == "deep"
    for related in (
        "household",
        "incomes",
        "costs",
        "declarations",
        "attachments",
        "visits",
        "flags",
    ):
        assert not getattr(closed, related).exists(), related
    assert not any(default_storage.exists(n) for n in attachment_names)
    assert not WorkflowEvent.objects.filter(object_id=str(closed.pk)).exclude(reason="").exists()

    # money stays, with the person's name replaced
    assert list(Payment.objects.values_list("pk", "amount", "paid_on")) == payments_before
    for entitlement in Entitlement.objects.filter(file=closed):
        assert entitlement.beneficiary_name == str(PURGED_NAME)
        assert entitlement.student_id is None
        assert entitlement.beneficiary_key == f"purged:{entitlement.pk}"
    assert sum(p.amount for p in Payment.objects.all()) == Decimal("2500") + Decimal("5000")

    # one audit event with counts and nothing personal
    event = AuditEvent.objects.get(action="assistance.file.purge")
    assert event.object_id == str(closed.pk) and event.actor is None
    assert event.extra["household"] == 4 and event.extra["keep_until"] == KEEP.isoformat()
    text = f"{event.object_repr}{event.changes}{event.extra}"
    for value in (applicant.name, applicant.id_number, bank, closed.student_id_number, "哮喘"):
        assert value not in text
    # the member record itself belongs to the members module and stays
    applicant.refresh_from_db()

    # a second run finds nothing; a purged file cannot be reopened
    assert retention.purge_due(today=KEEP + datetime.timedelta(days=400)) == {"files": 0}
    with acting(cast.district_admin), pytest.raises(ValidationError, match="不能重新打开"):
        services.reopen_file(actor=cast.district_admin, file=closed, reason="再次困难")


def test_purged_file_and_cycle_pages_show_no_personal_data(cast, closed, login):
    name = closed.applicant.name
    retention.purge_due(today=KEEP + datetime.timedelta(days=1))
    client = login(cast.district_admin)
    page = client.get(f"/assistance/files/{closed.pk}/").content.decode()
    assert name not in page and str(PURGED_NAME) in page and "个人信息已清除" in page
    assert 'data-action="reopen"' not in page
    for cycle_id in Entitlement.objects.filter(file=closed).values_list("cycle_id", flat=True):
        cycle_page = client.get(f"/assistance/cycles/{cycle_id}/").content.decode()
        assert name not in cycle_page and str(PURGED_NAME) in cycle_page
        assert client.get(f"/assistance/cycles/{cycle_id}/payments.pdf").status_code == 200
    assert client.get("/assistance/export.xlsx").status_code == 200
    api = client.get(f"/api/v1/assistance/files/{closed.pk}").json()
    assert api["applicant_name"] == str(PURGED_NAME) and api["purged_at"]


def test_file_page_shows_the_keep_date_and_the_setting(cast, closed, login):
    page = login(cast.chair_a).get(f"/assistance/files/{closed.pk}/").content.decode()
    assert 'id="keep-until">2024-06-30<' in page
    assert "困难档案关闭后保存年限 = 10（默认）" in page
    api = login(cast.chair_a).get(f"/api/v1/assistance/files/{closed.pk}").json()
    assert api["keep_until"] == "2024-06-30" and api["purged_at"] is None


def test_open_files_are_never_purged(cast):
    set_dibao(cast)
    file = to_state(cast, draft_file(cast), "filed")
    HardshipFile.objects.filter(pk=file.pk).update(closed_on=CLOSED)  # inconsistent, still open
    assert retention.purge_due(today=datetime.date(2099, 1, 1)) == {"files": 0}
    assert HouseholdMember.objects.filter(file=file).exists()


def test_dry_run_command_counts_and_changes_nothing(cast, closed, capsys):
    day = (KEEP + datetime.timedelta(days=1)).isoformat()
    call_command("purge_assistance", "--dry-run", "--date", day)
    out = capsys.readouterr().out
    assert "试运行" in out and "1 份档案" in out and "家庭成员：4" in out
    assert "保留的发放记录：2" in out
    closed.refresh_from_db()
    assert closed.purged_at is None and closed.household.count() == 4
    assert not AuditEvent.objects.filter(action="assistance.file.purge").exists()
    call_command("purge_assistance", "--date", KEEP.isoformat())
    assert "已清除 0 份档案" in capsys.readouterr().out
    call_command("purge_assistance", "--date", day)
    assert "已清除 1 份档案" in capsys.readouterr().out
    closed.refresh_from_db()
    assert closed.purged_at is not None


def test_the_worker_task_purges_what_is_due(cast, closed):
    from gonghui.assistance.tasks import purge_assistance

    HardshipFile.objects.filter(pk=closed.pk).update(
        closed_on=retention.add_years(TODAY, -10) - datetime.timedelta(days=1)
    )
    result = purge_assistance.enqueue(dry_run=True)
    assert result.return_value["files"] == 1
    closed.refresh_from_db()
    assert closed.purged_at is None
    result = purge_assistance.enqueue()
    assert result.return_value["files"] == 1
    closed.refresh_from_db()
    assert closed.purged_at is not None


def test_a_pending_entitlement_of_a_purged_file_is_excluded(cast, closed):
    cycle = _cycle(cast, "emergency")
    entitlement = Entitlement.objects.create(
        cycle=cycle,
        org=closed.org,
        file=closed,
        beneficiary_key=f"f:{closed.pk}",
        budget=cycle.budgets.get(),
        amount=Decimal("300"),
        nominated_by=cast.chair_a,
    )
    retention.purge_due(today=KEEP + datetime.timedelta(days=1))
    entitlement.refresh_from_db()
    assert entitlement.status == "excluded" and entitlement.excluded_cause == "purged"
    assert entitlement.excluded_reason == ""  # the cause is data, worded when read
    with translation.override("zh-hans"):
        assert entitlement.excluded_words == "档案个人信息已按保存期限清除"
    with translation.override("en"):
        assert entitlement.excluded_words == (
            "File personal data erased at the end of the keeping period"
        )
    # an entitlement excluded before the cause was data reads back (0012); a typed reason stays
    migration = importlib.import_module(
        "gonghui.assistance.migrations.0012_exit_reason_and_purge_cause_as_data"
    )
    Entitlement.unscoped.filter(pk=entitlement.pk).update(
        excluded_cause="", excluded_reason="档案个人信息已按保存期限清除"
    )
    migration.to_data(django_apps, None)
    entitlement.refresh_from_db()
    assert (entitlement.excluded_cause, entitlement.excluded_reason) == ("purged", "")
    migration.to_text(django_apps, None)
    entitlement.refresh_from_db()
    assert entitlement.excluded_reason == "档案个人信息已按保存期限清除"
