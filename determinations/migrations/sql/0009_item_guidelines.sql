-- Triggers on citations keeping each item's array of reviewer-cited guideline slugs exact.
-- Run by migration 0009 only. Frozen: a change is a new file run by a new migration.
CREATE OR REPLACE FUNCTION imr_item_guidelines_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    UPDATE determinations_disputeditem i SET reviewer_guidelines = a.slugs FROM (
    SELECT t.item_id, coalesce((
        SELECT array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")
        FROM determinations_guidelinecitation x JOIN determinations_guideline g ON g.id = x.guideline_id
        WHERE x.item_id = t.item_id AND x.cited_by = 'reviewer'), '{}')::varchar(80)[] AS slugs
    FROM (SELECT DISTINCT item_id FROM new_rows) t) a
    WHERE i.id = a.item_id AND i.reviewer_guidelines IS DISTINCT FROM a.slugs;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_item_guidelines_insert ON determinations_guidelinecitation;
CREATE TRIGGER imr_item_guidelines_insert AFTER INSERT ON determinations_guidelinecitation REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_item_guidelines_insert();

CREATE OR REPLACE FUNCTION imr_item_guidelines_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    UPDATE determinations_disputeditem i SET reviewer_guidelines = a.slugs FROM (
    SELECT t.item_id, coalesce((
        SELECT array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")
        FROM determinations_guidelinecitation x JOIN determinations_guideline g ON g.id = x.guideline_id
        WHERE x.item_id = t.item_id AND x.cited_by = 'reviewer'), '{}')::varchar(80)[] AS slugs
    FROM (SELECT DISTINCT item_id FROM old_rows) t) a
    WHERE i.id = a.item_id AND i.reviewer_guidelines IS DISTINCT FROM a.slugs;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_item_guidelines_delete ON determinations_guidelinecitation;
CREATE TRIGGER imr_item_guidelines_delete AFTER DELETE ON determinations_guidelinecitation REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_item_guidelines_delete();

CREATE OR REPLACE FUNCTION imr_item_guidelines_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    UPDATE determinations_disputeditem i SET reviewer_guidelines = a.slugs FROM (
    SELECT t.item_id, coalesce((
        SELECT array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")
        FROM determinations_guidelinecitation x JOIN determinations_guideline g ON g.id = x.guideline_id
        WHERE x.item_id = t.item_id AND x.cited_by = 'reviewer'), '{}')::varchar(80)[] AS slugs
    FROM (SELECT DISTINCT item_id FROM (SELECT o.item_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by) UNION ALL SELECT nw.item_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)) ch) t) a
    WHERE i.id = a.item_id AND i.reviewer_guidelines IS DISTINCT FROM a.slugs;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_item_guidelines_update ON determinations_guidelinecitation;
CREATE TRIGGER imr_item_guidelines_update AFTER UPDATE ON determinations_guidelinecitation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_item_guidelines_update();