# Officials' training moved to the one learning record (life.Course, life.Enrolment): the rows
# were copied by life 0003; the rights tables are dropped here (add, copy, drop).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('rights', '0002_default_home_criteria'),
        ('life', '0003_copy_officials_training'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='course',
            name='org',
        ),
        migrations.DeleteModel(
            name='Attendance',
        ),
        migrations.DeleteModel(
            name='Course',
        ),
    ]
