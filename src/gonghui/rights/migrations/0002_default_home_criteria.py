"""The district's default workers'-home checklist (editable afterwards by district admins)."""

from django.db import migrations
from django.utils.translation import gettext_noop

# The titles are stored in Chinese; pages show the shipped ones in the current language.

CRITERIA = [
    ("1", gettext_noop("组织健全：依法建会、按期换届、会员实名制管理"), 15),
    ("2", gettext_noop("民主管理：职代会制度、厂务公开落实"), 15),
    ("3", gettext_noop("维护权益：集体合同签订履行、劳动争议调解"), 20),
    ("4", gettext_noop("服务职工：困难帮扶、送温暖、职工诉求按期办结"), 15),
    ("5", gettext_noop("职工文化：职工书屋、文体活动阵地"), 10),
    ("6", gettext_noop("经费保障：工会经费收缴、经费审查"), 10),
    ("7", gettext_noop("队伍建设：工会干部培训、会员评家满意度"), 15),
]


def add_criteria(apps, schema_editor):
    HomeCriterion = apps.get_model("rights", "HomeCriterion")
    for order, (code, title, score) in enumerate(CRITERIA, start=1):
        HomeCriterion.objects.get_or_create(
            code=code, defaults={"title": title, "max_score": score, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]
    operations = [migrations.RunPython(add_criteria, migrations.RunPython.noop)]
