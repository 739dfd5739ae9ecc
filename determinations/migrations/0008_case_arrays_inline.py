"""Keep the case's facet arrays inline: with toast_tuple_target = 128 (migration 0006) PostgreSQL moved any
value over ~24 bytes out of line, the small `categories` and `reviewer_guidelines` arrays included, so
the facet and filter queries fetched each through TOAST. STORAGE MAIN keeps them in the heap row (they are
only moved out as a last resort). Rows already written keep their layout until rewritten.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0007_item_case_covering"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE determinations_case ALTER COLUMN categories SET STORAGE MAIN",
                "ALTER TABLE determinations_case ALTER COLUMN reviewer_guidelines SET STORAGE MAIN",
            ],
            reverse_sql=[
                "ALTER TABLE determinations_case ALTER COLUMN categories SET STORAGE EXTENDED",
                "ALTER TABLE determinations_case ALTER COLUMN reviewer_guidelines SET STORAGE EXTENDED",
            ],
        ),
    ]
