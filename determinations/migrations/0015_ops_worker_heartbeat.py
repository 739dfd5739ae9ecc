from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0014_search_case_number_parts"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("worker_id", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("seen_at", models.DateTimeField(db_index=True)),
                ("started_at", models.DateTimeField()),
            ],
        ),
    ]
