"""0005 moves the old generic service rows of jobless workers into their own tables and the
money they recorded into the programme ledger (run here against a recreated old table)."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from gonghui.assistance.models import (
    Budget,
    Entitlement,
    JobReferral,
    Payment,
    StartupSupport,
    TrainingEnrolment,
)

from .test_jobless import register

pytestmark = pytest.mark.django_db

move = importlib.import_module("gonghui.assistance.migrations.0005_move_job_services")


def test_old_service_rows_become_records_and_ledger_entries(cast):
    worker = register(cast)
    other = register(cast, name="另一人")
    apps = MigrationLoader(connection).project_state(("assistance", "0005_move_job_services")).apps
    JobService = apps.get_model("assistance", "JobService")
    # the old table, as 0004 left it (SQLite refuses a schema editor inside the test
    # transaction, so the CREATE TABLE statement is built and run by hand)
    editor = connection.schema_editor()
    editor.deferred_sql = []  # set by __enter__, which is not used here
    sql, params = editor.table_sql(JobService)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    day = datetime.date(2025, 3, 1)
    rows = [
        ("training", "数控培训", "", "已结业", "0", worker),
        ("referral", "车工", "东湖钢铁", "已录用", "0", worker),
        ("relief", "生活救助", "", "", "800", worker),
        ("relief", "生活救助（二次）", "", "", "600", worker),
        ("relief", "生活救助", "", "", "500", other),
        ("startup_grant", "早点铺", "", "", "3000", other),
    ]
    for kind, text, employer, outcome, amount, who in rows:
        JobService.objects.create(
            worker_id=who.pk,
            org_id=who.org_id,
            kind=kind,
            date=day,
            description=text,
            employer_name=employer,
            outcome=outcome,
            amount=Decimal(amount),
            recorded_by_id=cast.chair_a.pk,
        )
    move.forward(apps, None)
    training = TrainingEnrolment.objects.get()
    assert (training.course, training.status) == ("数控培训", "completed")
    referral = JobReferral.objects.get()
    assert (referral.employer_name, referral.outcome, referral.outcome_on) == (
        "东湖钢铁",
        "hired",
        day,
    )
    # every amount is now a payment under a fully used budget, one entitlement per cycle
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [
        Decimal("500"),
        Decimal("600"),
        Decimal("800"),
        Decimal("3000"),
    ]
    assert Entitlement.objects.filter(worker=worker).count() == 2
    assert Entitlement.objects.filter(worker=worker).values("cycle").distinct().count() == 2
    assert all(b.used == b.amount for b in Budget.objects.all())
    assert sum(b.used for b in Budget.objects.all()) == Decimal("4900")
    support = StartupSupport.objects.get()
    assert support.entitlement.cycle.programme.kind == "startup"
    assert support.amount == Decimal("3000") and support.status == "approved"
