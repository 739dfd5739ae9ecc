"""The item guideline rule as one SQL function, `imr_item_guidelines` (sql/0020_item_guidelines_function.sql):
the citation triggers of 0009 call it, and the ingestion writer asks it for the arrays of the rows it inserts, so
no other copy of the rule exists. Same arrays as before; existing rows need no change."""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).resolve().parent / "sql"  # frozen text, read by this migration only


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0019_case_created"),
    ]

    operations = [
        migrations.RunSQL(sql=(SQL / "0020_item_guidelines_function.sql").read_text(),
                          reverse_sql=migrations.RunSQL.noop),
    ]
