"""Seed the categories the 厂务公开 rules require (editable afterwards by the district admin)."""

from django.db import migrations

CATEGORIES = [
    ("business_plan", "企业经营管理重大决策与发展规划", True),
    ("finance", "涉及职工利益的财务状况", True),
    ("wages", "工资、奖金分配", True),
    ("social_insurance", "社会保险费和住房公积金缴纳", True),
    ("safety", "劳动安全卫生", True),
    ("training", "职工教育培训", True),
    ("awards", "评先评优名额与结果", True),
    ("integrity", "企业领导人员廉洁自律", True),
    ("other", "其他事项", False),
]


def seed(apps, schema_editor):
    Category = apps.get_model("workplace", "DisclosureCategory")
    for order, (code, name, required) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={
            "name": name, "required": required, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("workplace", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
