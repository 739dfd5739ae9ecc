"""Vacuum new letters' rows soon after they are written, not after a fifth of the table has been added.

The pages read the newest letters first (the similar decisions, a results page sorted by date, the facet scans)
through index-only scans, which skip the table only for pages the visibility map marks all-visible. PostgreSQL's
default vacuums a table for inserts once 20% of it is new: at a million letters, some 200,000 letters (over a year
of the public record) would be read row by row until then. A vacuum after ~0.2% new rows (a few thousand; it
skips the pages already all-visible) keeps the newest letters as cheap to read as the rest.
"""

from django.db import migrations

TABLES = ("determinations_case", "determinations_disputeditem", "determinations_guidelinecitation")
SETTINGS = ("autovacuum_vacuum_insert_scale_factor = 0.002, autovacuum_vacuum_insert_threshold = 1000, "
            "autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02")
NAMES = ("autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold, "
         "autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor")


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0024_drop_duplicate_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[f"ALTER TABLE {table} SET ({SETTINGS})" for table in TABLES],
            reverse_sql=[f"ALTER TABLE {table} RESET ({NAMES})" for table in TABLES],
        ),
    ]
