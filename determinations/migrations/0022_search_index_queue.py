"""The search engine's second store (determinations/engine/): each index built from the archive is registered in
`determinations_searchindex`, and every write to a case queues the case for each registered index (statement
triggers, one INSERT per statement). With no index registered the triggers queue nothing."""

from django.db import migrations

FORWARD = """
CREATE TABLE determinations_searchindex (
    name text PRIMARY KEY,
    directory text NOT NULL DEFAULT '',
    built_at timestamptz
);
CREATE TABLE determinations_searchindexqueue (
    id bigserial PRIMARY KEY,
    index_name text NOT NULL REFERENCES determinations_searchindex (name) ON DELETE CASCADE,
    case_id integer NOT NULL
);
CREATE INDEX searchindexqueue_index_id ON determinations_searchindexqueue (index_name, id);

CREATE OR REPLACE FUNCTION search_index_queue() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN  -- the written cases (deleted ones: the old rows) queued for every registered index
    IF NOT EXISTS (SELECT 1 FROM determinations_searchindex) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('INSERT INTO determinations_searchindexqueue (index_name, case_id) '
                   'SELECT s.name, r.id FROM determinations_searchindex s CROSS JOIN %I r',
                   CASE TG_OP WHEN 'DELETE' THEN 'old_rows' ELSE 'new_rows' END);
    RETURN NULL;
END $fn$;
CREATE TRIGGER search_index_queue_insert AFTER INSERT ON determinations_case REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_index_queue();
CREATE TRIGGER search_index_queue_update AFTER UPDATE ON determinations_case REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_index_queue();
CREATE TRIGGER search_index_queue_delete AFTER DELETE ON determinations_case REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION search_index_queue();
"""

REVERSE = """
DROP TRIGGER IF EXISTS search_index_queue_insert ON determinations_case;
DROP TRIGGER IF EXISTS search_index_queue_update ON determinations_case;
DROP TRIGGER IF EXISTS search_index_queue_delete ON determinations_case;
DROP FUNCTION IF EXISTS search_index_queue();
DROP TABLE IF EXISTS determinations_searchindexqueue;
DROP TABLE IF EXISTS determinations_searchindex;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("determinations", "0021_case_facet_scan"),
    ]

    operations = [migrations.RunSQL(sql=FORWARD, reverse_sql=REVERSE)]
