from django.db import migrations, models


class Migration(migrations.Migration):
    """An index on when each letter was archived: the alert run reads only the letters new since its last run."""

    dependencies = [
        ("determinations", "0016_staff_desk"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["created_at"], name="case_created"),
        ),
    ]
