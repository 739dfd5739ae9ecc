from django.db import migrations


class Migration(migrations.Migration):
    """The letters' archive time is indexed by determinations (`case_created`): the copy 0001 made goes."""

    dependencies = [
        ("desk", "0002_alert_refused"),
        ("determinations", "0019_case_created"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS desk_case_created",
            "CREATE INDEX IF NOT EXISTS desk_case_created ON determinations_case (created_at)",
        ),
    ]
