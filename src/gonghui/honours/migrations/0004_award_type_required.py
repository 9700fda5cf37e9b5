"""Award types become a table (step 3 of 3): the old choice column goes, the FK is required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("honours", "0003_award_types_from_choices")]

    operations = [
        migrations.RemoveField(model_name="awardround", name="award_code"),
        migrations.AlterField(
            model_name="awardround",
            name="award_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="honours.awardtype",
                verbose_name="奖项",
            ),
        ),
    ]
