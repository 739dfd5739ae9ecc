"""Search at 100k: an index for newest() that covers the filter and facet columns, and a narrow case heap.

The case heap kept the letter's texts inline and the search vector out of line, so every full-text recheck
or rank fetched the vector through TOAST (4-5 buffers a row) and every broad scan read the wide texts. Now
any row over the TOAST threshold moves its wide texts out of line (toast_tuple_target = 128) and keeps
the vector inline (STORAGE MAIN: compressed or moved out only as a last resort). Rows written before this
migration keep their old layout until rewritten (the README's "Search performance" section says how).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('determinations', '0005_item_category_choices'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.OrderBy(models.F('decision_date'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), include=('outcome', 'reviewer', 'injury_date', 'patient_age', 'patient_sex', 'categories', 'reviewer_guidelines'), name='case_newest'),
        ),
        migrations.RunSQL(
            sql=[
                "ALTER TABLE determinations_case SET (toast_tuple_target = 128)",
                "ALTER TABLE determinations_case ALTER COLUMN search_vector SET STORAGE MAIN",
            ],
            reverse_sql=[
                "ALTER TABLE determinations_case RESET (toast_tuple_target)",
                "ALTER TABLE determinations_case ALTER COLUMN search_vector SET STORAGE EXTENDED",
            ],
        ),
    ]
