from django.db import migrations, models

# Every statement that writes letters or reviewers gives the archive a new random token, in the same transaction,
# so a snapshot that reads a token reads exactly the letters that token stands for: a process may keep what it
# computed over the whole archive for as long as the token it read with it is current (determinations.search).
# A random token, not a counter, so that a rolled-back or restored database never reuses one for other letters.
ARCHIVE_TOKEN = """
CREATE TABLE determinations_archivetoken (id smallint PRIMARY KEY CHECK (id = 1), token uuid NOT NULL);
INSERT INTO determinations_archivetoken VALUES (1, gen_random_uuid());
CREATE FUNCTION archive_token_renew() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO determinations_archivetoken VALUES (1, gen_random_uuid())
    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER archive_token_renew AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON determinations_case
FOR EACH STATEMENT EXECUTE FUNCTION archive_token_renew();
CREATE TRIGGER archive_token_renew AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON determinations_reviewer
FOR EACH STATEMENT EXECUTE FUNCTION archive_token_renew();
"""
ARCHIVE_TOKEN_REVERSE = """
DROP TRIGGER IF EXISTS archive_token_renew ON determinations_case;
DROP TRIGGER IF EXISTS archive_token_renew ON determinations_reviewer;
DROP FUNCTION IF EXISTS archive_token_renew();
DROP TABLE IF EXISTS determinations_archivetoken;
"""


class Migration(migrations.Migration):
    """The results page without conditions, kept per process until the archive changes; a narrow copy of what
    the facets read, in id order (index-only scans, not the wide heap rows); opioid items' decisions and
    categories in their index."""

    dependencies = [
        ("determinations", "0020_item_guidelines_function"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["id"], include=["outcome", "decision_date", "reviewer", "categories",
                                                       "reviewer_guidelines", "injury_date", "patient_age",
                                                       "patient_sex"], name="case_facet_scan"),
        ),
        migrations.RunSQL(ARCHIVE_TOKEN, ARCHIVE_TOKEN_REVERSE),
        migrations.RemoveIndex(model_name="disputeditem", name="item_opioid"),
        migrations.AddIndex(
            model_name="disputeditem",
            index=models.Index(fields=["case"], include=["decision", "category", "reviewer_guidelines"],
                               name="item_opioid", condition=models.Q(is_opioid=True)),
        ),
    ]
