"""The basis of an entitlement's amount (计算依据) is kept as data, read in the viewer's language:
``rule`` holds the programme's figures (the 送温暖 standard, the education amounts and their
setting version, the medical cap, the start-up support); a basis stored as text by the rules of
the time is converted, any other text stays in ``rule_text``."""

import django.db.models
from django.db import migrations


def to_data(apps, schema_editor):
    from gonghui.assistance.explain import parse_legacy_rule

    entitlement = apps.get_model("assistance", "Entitlement")
    setting = apps.get_model("core", "SettingValue")

    def setting_value(pk):
        row = setting.objects.filter(pk=pk).first()
        return row.value if row else None

    for row in entitlement._base_manager.exclude(rule_text="").only("pk", "rule_text").iterator():
        rule = parse_legacy_rule(row.rule_text, setting_value)
        if rule:
            row.rule, row.rule_text = rule, ""
            row.save(update_fields=["rule", "rule_text"])


def to_text(apps, schema_editor):
    from django.utils import translation

    from gonghui.assistance.explain import entitlement_rule_text

    entitlement = apps.get_model("assistance", "Entitlement")
    with translation.override("zh-hans"):
        for row in entitlement._base_manager.exclude(rule={}).only("pk", "rule").iterator():
            row.rule_text = entitlement_rule_text(row.rule)[:300]
            row.save(update_fields=["rule_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0009_eligibility_arithmetic_as_data"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="entitlement",
            name="rule",
            field=django.db.models.JSONField(
                blank=True, db_default={}, default=dict, verbose_name="计算依据"
            ),
        ),
        migrations.AlterField(
            model_name="entitlement",
            name="rule_text",
            field=django.db.models.CharField(
                blank=True, max_length=300, verbose_name="计算依据（文字）"
            ),
        ),
        migrations.RunPython(to_data, to_text),
    ]
