"""Each disputed item's reviewer-cited guideline slugs as an array (statistics of a guideline search).

The live statistics of `guideline=odg` joined ~130,000 items to ~180,000 (item, guideline) citation pairs and
de-duplicated them; with the array on the item the guideline chart is an `unnest` of the matching items and
the guideline filter an array overlap. The ingestion writer fills it; statement-level triggers on citations
keep it exact for any other writer (migrations/sql/0009_item_guidelines.sql). Existing rows are filled here, before
the indexes are built. `item_case_covering` includes the array, so the live item pass can stay in the index.
"""

from pathlib import Path

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

SQL = Path(__file__).resolve().parent / "sql"  # frozen text, read by this migration only


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0008_case_arrays_inline"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="disputeditem", name="item_case_covering"),
        migrations.AddField(
            model_name="disputeditem",
            name="reviewer_guidelines",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=80), blank=True, default=list, size=None
            ),
        ),
        migrations.RunSQL(sql=(SQL / "0009_item_guidelines_backfill.sql").read_text(), reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="disputeditem",
            index=models.Index(fields=["case", "decision", "category"], include=("is_opioid", "reviewer_guidelines"),
                               name="item_case_covering"),
        ),
        migrations.AddIndex(
            model_name="disputeditem",
            index=django.contrib.postgres.indexes.GinIndex(fields=["reviewer_guidelines"], name="item_guidelines_gin"),
        ),
        migrations.RunSQL(sql=(SQL / "0009_item_guidelines.sql").read_text(),
                          reverse_sql=(SQL / "0009_item_guidelines.reverse.sql").read_text()),
    ]
