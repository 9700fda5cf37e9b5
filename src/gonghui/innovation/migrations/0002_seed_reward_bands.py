"""Seed the reward table with the GLOSSARY defaults (district admins edit it afterwards)."""

from decimal import Decimal

from django.db import migrations

DEFAULT_BANDS = [
    ("1000000", "2500", "4000", "一档"),
    ("500000", "1500", "2500", "二档"),
    ("100000", "800", "1500", "三档"),
    ("50000", "500", "800", "四档"),
    ("10000", "300", "500", "五档"),
    ("0", "0", "300", "六档"),
]


def seed(apps, schema_editor):
    band = apps.get_model("innovation", "RewardBand")
    if band.objects.exists():
        return
    for low, rmin, rmax, label in DEFAULT_BANDS:
        band.objects.create(min_benefit=Decimal(low), reward_min=Decimal(rmin),
                            reward_max=Decimal(rmax), label=label)


class Migration(migrations.Migration):
    dependencies = [("innovation", "0001_proposals")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
