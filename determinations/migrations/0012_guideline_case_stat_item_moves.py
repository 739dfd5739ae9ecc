"""Reinstall the summary triggers of 0004 (stats_sql.FUNCTIONS): the item update trigger now also moves an item's
(letter, guideline) pairs in `GuidelineCaseStat` when the item is moved to another letter (a staff edit), which
it did not. Existing counts are recounted (stats_sql.REBUILD) so a past move is corrected.
"""

from django.db import migrations

from determinations.stats_sql import REBUILD, install_sql


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0011_guideline_term_triggers_by_array"),
    ]

    operations = [
        migrations.RunSQL(sql=install_sql(), reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(sql=REBUILD, reverse_sql=migrations.RunSQL.noop),
    ]
