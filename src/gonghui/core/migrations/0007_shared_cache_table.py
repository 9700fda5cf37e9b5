"""The database cache table that holds rate limits and login locks when Redis is not configured
(settings.CACHES), so that ``migrate`` alone prepares SQLite and PostgreSQL."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "gonghui_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_account_takeover_guards")]

    operations = [migrations.RunPython(create_table, drop_table)]
