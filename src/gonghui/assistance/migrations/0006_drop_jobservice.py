from django.db import migrations


class Migration(migrations.Migration):
    """The generic service rows are gone: 0005 moved them into their own tables and the
    programme ledger."""

    dependencies = [("assistance", "0005_move_job_services")]

    operations = [
        migrations.RemoveField(model_name="jobservice", name="org"),
        migrations.RemoveField(model_name="jobservice", name="recorded_by"),
        migrations.RemoveField(model_name="jobservice", name="worker"),
        migrations.DeleteModel(name="JobService"),
    ]
