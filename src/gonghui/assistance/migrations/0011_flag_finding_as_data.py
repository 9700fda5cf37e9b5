"""What a duplicate-aid flag found is kept as data (``Flag.data``), worded in the viewer's
language when read: a flag stored as the Chinese wording of the checks is read back into data;
any other text stays in ``detail``."""

from django.db import migrations, models


def to_data(apps, schema_editor):
    from gonghui.assistance.flag_text import parse_legacy

    flag = apps.get_model("assistance", "Flag")
    setting = apps.get_model("core", "SettingValue")

    def setting_value(pk):
        row = setting.objects.filter(pk=pk).first()
        return row.value if row else None

    for row in flag._base_manager.exclude(detail="").only("pk", "detail").iterator():
        data = parse_legacy(row.detail, setting_value)
        if data:
            row.data, row.detail = data, ""
            row.save(update_fields=["data", "detail"])


def to_text(apps, schema_editor):
    from django.utils import translation

    from gonghui.assistance.flag_text import describe

    flag = apps.get_model("assistance", "Flag")
    with translation.override("zh-hans"):
        for row in flag._base_manager.exclude(data={}).only("pk", "data").iterator():
            row.detail = describe(row.data)[:300]
            row.save(update_fields=["detail"])


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0010_entitlement_basis_as_data"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="data",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="flag",
            name="detail",
            field=models.CharField(blank=True, max_length=300, verbose_name="说明"),
        ),
        migrations.RunPython(to_data, to_text),
    ]
