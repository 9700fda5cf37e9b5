"""An index for the annual return's members at a past year end (``reports.measures``): the
members changed after the year end are read as the status or union changes dated after it.
Without it each return scans every membership event (1.1 million on the seeded district) to
hash the few recent ones; with it the recent changes are an index-only range scan.

The index lives on the members' table but serves only this report, so it is kept here (the
members model does not declare it). The same statement runs on SQLite and PostgreSQL."""

from django.db import migrations

INDEX = "reports_member_change_on_date"


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_filingtask_parent"),
        ("members", "0006_member_political_status"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_membershipevent (on_date, member_id) "
            "WHERE from_status <> '' OR from_org_id IS NOT NULL",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
