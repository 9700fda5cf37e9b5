"""The eligibility arithmetic of a file (and of its yearly reviews) is kept as data, read in the
viewer's language: ``eligibility_text`` (Chinese lines composed when computed) becomes
``eligibility_steps`` (a list of steps, see ``gonghui.assistance.explain``) and ``rule_version``
(text) becomes ``rule_basis`` (the ids of the versions that decided). Lines written by the
rules of the time are converted into their steps; any other line is kept as it stands."""

import django.db.models
from django.db import migrations
from django.utils import translation

import gonghui.core.fields

MODELS = ("HardshipFile", "YearlyReview")


def to_steps(apps, schema_editor):
    from gonghui.assistance.explain import parse_legacy, parse_legacy_basis

    for name in MODELS:
        model = apps.get_model("assistance", name)
        for row in model._base_manager.only("pk", "eligibility_text", "rule_version").iterator():
            row.eligibility_steps = parse_legacy(row.eligibility_text)
            row.rule_basis = parse_legacy_basis(row.rule_version)
            row.save(update_fields=["eligibility_steps", "rule_basis"])


def to_text(apps, schema_editor):
    from gonghui.assistance.explain import lines, rule_basis_text

    with translation.override("zh-hans"):
        for name in MODELS:
            model = apps.get_model("assistance", name)
            for row in model._base_manager.only("pk", "eligibility_steps", "rule_basis").iterator():
                row.eligibility_text = "\n".join(lines(row.eligibility_steps))
                row.rule_version = rule_basis_text(row.rule_basis)[:200]
                row.save(update_fields=["eligibility_text", "rule_version"])


class Migration(migrations.Migration):
    dependencies = [("assistance", "0008_payment_notes_purgeable")]

    operations = [
        migrations.AddField(
            model_name="hardshipfile",
            name="eligibility_steps",
            field=gonghui.core.fields.EncryptedJSONField(default=list, verbose_name="认定过程"),
        ),
        migrations.AddField(
            model_name="hardshipfile",
            name="rule_basis",
            field=django.db.models.JSONField(blank=True, default=dict, verbose_name="规则版本"),
        ),
        migrations.AddField(
            model_name="yearlyreview",
            name="eligibility_steps",
            field=gonghui.core.fields.EncryptedJSONField(default=list, verbose_name="复核认定过程"),
        ),
        migrations.AddField(
            model_name="yearlyreview",
            name="rule_basis",
            field=django.db.models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_steps, to_text),
        migrations.RemoveField(model_name="hardshipfile", name="eligibility_text"),
        migrations.RemoveField(model_name="hardshipfile", name="rule_version"),
        migrations.RemoveField(model_name="yearlyreview", name="eligibility_text"),
        migrations.RemoveField(model_name="yearlyreview", name="rule_version"),
    ]
