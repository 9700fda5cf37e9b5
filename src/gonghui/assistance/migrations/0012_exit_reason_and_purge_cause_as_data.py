"""Two texts the system composed in Chinese are kept as data, worded in the viewer's language
when read: the exit reason of a file's "exit" step (``WorkflowEvent.data``, the typed note stays
the event's reason) and the purge's exclusion of a pending entitlement
(``Entitlement.excluded_cause``). Text that does not parse stays as written."""

from django.db import migrations, models

PURGED_TEXT = "档案个人信息已按保存期限清除"


def _exit_events(apps):
    content_type = apps.get_model("contenttypes", "ContentType")
    event = apps.get_model("core", "WorkflowEvent")
    try:
        file_type = content_type.objects.get(app_label="assistance", model="hardshipfile")
    except content_type.DoesNotExist:
        return event.objects.none()
    return event.objects.filter(content_type=file_type, transition="exit")


def to_data(apps, schema_editor):
    from gonghui.assistance.workflows import parse_legacy_exit

    setting = apps.get_model("core", "SettingValue")

    def setting_value(pk):
        row = setting.objects.filter(pk=pk).first()
        return row.value if row else None

    for row in _exit_events(apps).filter(data={}).exclude(reason="").iterator():
        parsed = parse_legacy_exit(row.reason, setting_value)
        if parsed:
            row.data, row.reason = parsed
            row.save(update_fields=["data", "reason"])
    entitlement = apps.get_model("assistance", "Entitlement")
    entitlement._base_manager.filter(excluded_reason=PURGED_TEXT).update(
        excluded_cause="purged", excluded_reason=""
    )


def to_text(apps, schema_editor):
    from django.utils import translation

    from gonghui.assistance.workflows import exit_words

    with translation.override("zh-hans"):
        for row in _exit_events(apps).exclude(data={}).iterator():
            row.reason = " ".join(part for part in (exit_words(row.data), row.reason) if part)
            row.data = {}
            row.save(update_fields=["data", "reason"])
    entitlement = apps.get_model("assistance", "Entitlement")
    entitlement._base_manager.filter(excluded_cause="purged").update(
        excluded_reason=PURGED_TEXT
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0011_flag_finding_as_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0010_workflow_event_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="entitlement",
            name="excluded_cause",
            field=models.CharField(
                blank=True,
                choices=[("purged", "档案个人信息已按保存期限清除")],
                db_default="",
                default="",
                max_length=20,
            ),
        ),
        migrations.RunPython(to_data, to_text),
    ]
