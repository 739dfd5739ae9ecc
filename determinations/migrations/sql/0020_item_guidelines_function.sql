-- The item guideline rule, once: for each key (an item, or whatever the caller groups citations by), the slugs
-- of the guidelines the reviewer cited, sorted (byte order), once each; a key with no reviewer citation has no
-- row. A set-returning SQL function, which the planner inlines: one grouped pass, not a call per item.
-- The citation triggers of 0009 now call it, and the ingestion writer asks it for the arrays of the rows it is
-- about to insert (one statement a batch), so the triggers find those rows right and write nothing again.
-- Run by migration 0020 only. Frozen: a change is a new file run by a new migration.
CREATE OR REPLACE FUNCTION imr_item_guidelines(keys bigint[], guideline_ids bigint[], cited_by text[])
RETURNS TABLE (key bigint, slugs varchar(80)[]) LANGUAGE sql STABLE AS $fn$
    SELECT c.key, array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")::varchar(80)[]
    FROM unnest(keys, guideline_ids, cited_by) c(key, guideline_id, cited_by)
    JOIN determinations_guideline g ON g.id = c.guideline_id
    WHERE c.cited_by = 'reviewer'
    GROUP BY c.key
$fn$;

-- Recomputes the arrays of the items given from their stored citations, and writes those that differ.
CREATE OR REPLACE FUNCTION imr_item_guidelines_refresh(item_ids bigint[]) RETURNS void LANGUAGE sql AS $fn$
    UPDATE determinations_disputeditem i SET reviewer_guidelines = coalesce(a.slugs, '{}')
    FROM unnest(item_ids) t(id) LEFT JOIN (
        SELECT r.key, r.slugs FROM (
            SELECT array_agg(x.item_id) AS k, array_agg(x.guideline_id) AS g, array_agg(x.cited_by::text) AS b
            FROM determinations_guidelinecitation x WHERE x.item_id = ANY(item_ids)) c
        CROSS JOIN LATERAL imr_item_guidelines(c.k, c.g, c.b) r) a ON a.key = t.id
    WHERE i.id = t.id AND i.reviewer_guidelines IS DISTINCT FROM coalesce(a.slugs, '{}')
$fn$;

CREATE OR REPLACE FUNCTION imr_item_guidelines_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM imr_item_guidelines_refresh(ARRAY(SELECT DISTINCT item_id FROM new_rows));
RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_item_guidelines_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM imr_item_guidelines_refresh(ARRAY(SELECT DISTINCT item_id FROM old_rows));
RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_item_guidelines_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM imr_item_guidelines_refresh(ARRAY(
        SELECT o.item_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id
        WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)
        UNION SELECT nw.item_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id
        WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)));
RETURN NULL;
END
$fn$;
