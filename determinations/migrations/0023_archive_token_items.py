from django.db import migrations

# The archive's token also follows the disputed items and their citations: the exact counts a process keeps
# (determinations.search.exact_count) may join them, and an item edited alone must not leave a kept count stale.
TRIGGERS = """
CREATE TRIGGER archive_token_renew AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON determinations_disputeditem
FOR EACH STATEMENT EXECUTE FUNCTION archive_token_renew();
CREATE TRIGGER archive_token_renew AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON determinations_guidelinecitation
FOR EACH STATEMENT EXECUTE FUNCTION archive_token_renew();
"""
TRIGGERS_REVERSE = """
DROP TRIGGER IF EXISTS archive_token_renew ON determinations_disputeditem;
DROP TRIGGER IF EXISTS archive_token_renew ON determinations_guidelinecitation;
"""


class Migration(migrations.Migration):
    """A new archive token whenever items or citations are written, as for letters and reviewers."""

    dependencies = [
        ("determinations", "0022_search_index_queue"),
    ]

    operations = [migrations.RunSQL(TRIGGERS, TRIGGERS_REVERSE)]
