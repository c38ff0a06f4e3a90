# The retention lock moved from the security app to privacy (which owns GDPR). Only Django's
# record of which app owns the model changes: the table keeps its name and its rows.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0001_initial"),
        ("security", "0002_retentionlock"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RetentionLock",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("patient_id", models.BigIntegerField(unique=True)),
                        ("practice_id", models.BigIntegerField()),
                        ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("requested_by_id", models.BigIntegerField(blank=True, null=True)),
                        ("erase_after", models.DateField()),
                        ("erased_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "security_retentionlock",
                        "indexes": [models.Index(fields=["erase_after", "erased_at"], name="security_re_erase_a_0d7424_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
