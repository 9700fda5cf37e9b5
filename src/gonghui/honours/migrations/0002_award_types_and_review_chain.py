"""Award types become a table (step 1 of 3): the AwardType model, a nullable FK beside the old
choice column (renamed ``award_code``), the per-street places of a round and the review chain's
fields and states of a nomination."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("honours", "0001_honours_rounds_nominations_scores"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AwardType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, verbose_name="代码")),
                ("name", models.CharField(max_length=100, verbose_name="奖项名称")),
                (
                    "nominee_kind",
                    models.CharField(
                        choices=[("individual", "个人"), ("team", "集体（班组）"), ("unit", "单位")],
                        max_length=20,
                        verbose_name="推荐对象类别",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="说明")),
                (
                    "min_frontline_pct",
                    models.DecimalField(
                        decimal_places=2, max_digits=5, verbose_name="一线职工占比下限（%）"
                    ),
                ),
                (
                    "max_heads_pct",
                    models.DecimalField(
                        decimal_places=2, max_digits=5, verbose_name="企业负责人占比上限（%）"
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                ("version", models.PositiveIntegerField(default=1)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "org",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="honours_award_types",
                        to="orgs.org",
                        verbose_name="设立单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "奖项",
                "verbose_name_plural": "奖项",
                "ordering": ["org__path", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("org", "code"), name="honours_award_type_code"
                    ),
                    models.UniqueConstraint(
                        fields=("org", "name"), name="honours_award_type_name"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("min_frontline_pct__gte", 0),
                            ("min_frontline_pct__lte", 100),
                            ("max_heads_pct__gte", 0),
                            ("max_heads_pct__lte", 100),
                        ),
                        name="honours_award_type_pct_range",
                    ),
                ],
            },
        ),
        migrations.RenameField(model_name="awardround", old_name="award_type", new_name="award_code"),
        # A default so that the column can come back when 0004 is reversed.
        migrations.AlterField(
            model_name="awardround",
            name="award_code",
            field=models.CharField(blank=True, default="", max_length=30, verbose_name="奖项"),
        ),
        migrations.AddField(
            model_name="awardround",
            name="award_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="honours.awardtype",
                verbose_name="奖项",
            ),
        ),
        migrations.AddField(
            model_name="awardround",
            name="street_quota",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="街道（产业）工会审核推荐上报的人数上限；不填则为本次评选名额",
                null=True,
                verbose_name="每个街道推荐名额上限",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="street_org",
            field=models.ForeignKey(
                blank=True,
                help_text="推荐工会上级的街道（产业）工会；为空表示不经街道审核",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.org",
                verbose_name="街道审核单位",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="street_reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="street_reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="nomination",
            name="district_reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="district_reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="nomination",
            name="status",
            field=models.CharField(
                choices=[
                    ("nominated", "待街道审核"),
                    ("recommended", "待评审"),
                    ("under_review", "评审中"),
                    ("approved", "评审通过，待公示"),
                    ("returned", "已退回修改"),
                    ("rejected", "审核未通过"),
                    ("in_notice", "公示中"),
                    ("awarded", "已授予"),
                    ("not_awarded", "未授予"),
                    ("withdrawn", "已撤回"),
                ],
                db_index=True,
                default="nominated",
                max_length=20,
                verbose_name="状态",
            ),
        ),
    ]
