"""The district's default workers'-home checklist (editable afterwards by district admins)."""

from django.db import migrations

CRITERIA = [
    ("1", "组织健全：依法建会、按期换届、会员实名制管理", 15),
    ("2", "民主管理：职代会制度、厂务公开落实", 15),
    ("3", "维护权益：集体合同签订履行、劳动争议调解", 20),
    ("4", "服务职工：困难帮扶、送温暖、职工诉求按期办结", 15),
    ("5", "职工文化：职工书屋、文体活动阵地", 10),
    ("6", "经费保障：工会经费收缴、经费审查", 10),
    ("7", "队伍建设：工会干部培训、会员评家满意度", 15),
]


def add_criteria(apps, schema_editor):
    HomeCriterion = apps.get_model("rights", "HomeCriterion")
    for order, (code, title, score) in enumerate(CRITERIA, start=1):
        HomeCriterion.objects.get_or_create(code=code, defaults={
            "title": title, "max_score": score, "order": order})


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]
    operations = [migrations.RunPython(add_criteria, migrations.RunPython.noop)]
