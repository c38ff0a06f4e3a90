# The retention lock now belongs to the privacy app (privacy/migrations/0002); the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("security", "0002_retentionlock"),
        ("privacy", "0002_retentionlock"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RetentionLock")],
            database_operations=[],
        ),
    ]
