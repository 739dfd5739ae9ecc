"""Reinstall the summary triggers of 0004 (migrations/sql/0012_outcome_summaries_item_moves.sql): the item update trigger now also moves an item's
(letter, guideline) pairs in `GuidelineCaseStat` when the item is moved to another letter (a staff edit), which
it did not. Existing counts are recounted (migrations/sql/0012_outcome_summaries_rebuild.sql) so a past move is corrected.
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).resolve().parent / "sql"  # frozen text, read by this migration only


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0011_guideline_term_triggers_by_array"),
    ]

    operations = [
        migrations.RunSQL(sql=(SQL / "0012_outcome_summaries_item_moves.sql").read_text(), reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(sql=(SQL / "0012_outcome_summaries_rebuild.sql").read_text(), reverse_sql=migrations.RunSQL.noop),
    ]
