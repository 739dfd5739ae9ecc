"""Reinstall the guideline term triggers of 0010 (stats_sql.TERM_FUNCTIONS) in their faster form: each statement
computes an item's terms once per distinct guideline array rather than once per item, and a decision's current
terms in one grouped pass over its items. Same counts; the writer's batch of 1,000 letters pays ~0.2 s instead of ~0.6 s.
"""

from django.db import migrations

from determinations.stats_sql import install_terms_sql


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0010_guideline_term_summaries"),
    ]

    operations = [
        migrations.RunSQL(sql=install_terms_sql(), reverse_sql=migrations.RunSQL.noop),
    ]
