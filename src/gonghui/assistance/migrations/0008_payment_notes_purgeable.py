"""The append-only trigger on payments lets exactly one change through: the retention purge
blanking a payment's free-text note (issue 12, finding 8). Any other UPDATE, and every DELETE,
is still refused."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assistance_payment_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.note = ''
       AND (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'payments are never edited or deleted: record a reversal';
END;
$$ LANGUAGE plpgsql;
"""
REVERT = """
CREATE OR REPLACE FUNCTION assistance_payment_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payments are never edited or deleted: record a reversal';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def revert(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERT)


class Migration(migrations.Migration):
    dependencies = [("assistance", "0007_integrity_four_eyes_duplicate_aid")]

    operations = [migrations.RunPython(create, revert)]
