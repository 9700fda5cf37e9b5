"""On PostgreSQL, payments are append-only in the database itself: a trigger refuses UPDATE and
DELETE of ``assistance_payment`` rows (a correction is a reversal entry). SQLite relies on the
model and queryset guards."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assistance_payment_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payments are never edited or deleted: record a reversal';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS assistance_payment_append_only ON assistance_payment;
CREATE TRIGGER assistance_payment_append_only BEFORE UPDATE OR DELETE ON assistance_payment
    FOR EACH ROW EXECUTE FUNCTION assistance_payment_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS assistance_payment_append_only ON assistance_payment;
DROP FUNCTION IF EXISTS assistance_payment_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("assistance", "0002_jobless_workers")]

    operations = [migrations.RunPython(create, drop)]
