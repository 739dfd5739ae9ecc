-- Triggers on citations keeping GuidelineCitedStat exact: reviewer citations of a guideline by topic and by pages,
-- as written (empty ones not counted). Statement-level, from the transition tables, like the other summaries.
-- Run by migration 0026 only. Frozen: a change is a new file run by a new migration.

CREATE OR REPLACE FUNCTION imr_cited_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO determinations_guidelinecitedstat AS s (guideline_id, field, value, citations)
    SELECT guideline_id, field, value, sum(n) FROM (
        SELECT guideline_id, 'topic' AS field, topic AS value, 1 AS n FROM new_rows
        WHERE cited_by = 'reviewer' AND topic <> ''
        UNION ALL
        SELECT guideline_id, 'pages', pages, 1 FROM new_rows WHERE cited_by = 'reviewer' AND pages <> '') d
    GROUP BY 1, 2, 3
    ON CONFLICT (guideline_id, field, md5(value)) DO UPDATE SET citations = s.citations + excluded.citations;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_cited_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO determinations_guidelinecitedstat AS s (guideline_id, field, value, citations)
    SELECT guideline_id, field, value, sum(n) FROM (
        SELECT guideline_id, 'topic' AS field, topic AS value, -1 AS n FROM old_rows
        WHERE cited_by = 'reviewer' AND topic <> ''
        UNION ALL
        SELECT guideline_id, 'pages', pages, -1 FROM old_rows WHERE cited_by = 'reviewer' AND pages <> '') d
    GROUP BY 1, 2, 3
    ON CONFLICT (guideline_id, field, md5(value)) DO UPDATE SET citations = s.citations + excluded.citations;
    DELETE FROM determinations_guidelinecitedstat WHERE citations = 0;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_cited_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO determinations_guidelinecitedstat AS s (guideline_id, field, value, citations)
    SELECT guideline_id, field, value, sum(n) FROM (
        SELECT c.guideline_id, 'topic' AS field, c.topic AS value, c.n FROM (
            SELECT o.guideline_id, o.cited_by, o.topic, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id
            WHERE (o.guideline_id, o.cited_by, o.topic) IS DISTINCT FROM (nw.guideline_id, nw.cited_by, nw.topic)
            UNION ALL
            SELECT nw.guideline_id, nw.cited_by, nw.topic, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id
            WHERE (o.guideline_id, o.cited_by, o.topic) IS DISTINCT FROM (nw.guideline_id, nw.cited_by, nw.topic)) c
        WHERE c.cited_by = 'reviewer' AND c.topic <> ''
        UNION ALL
        SELECT c.guideline_id, 'pages', c.pages, c.n FROM (
            SELECT o.guideline_id, o.cited_by, o.pages, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id
            WHERE (o.guideline_id, o.cited_by, o.pages) IS DISTINCT FROM (nw.guideline_id, nw.cited_by, nw.pages)
            UNION ALL
            SELECT nw.guideline_id, nw.cited_by, nw.pages, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id
            WHERE (o.guideline_id, o.cited_by, o.pages) IS DISTINCT FROM (nw.guideline_id, nw.cited_by, nw.pages)) c
        WHERE c.cited_by = 'reviewer' AND c.pages <> '') d
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, field, md5(value)) DO UPDATE SET citations = s.citations + excluded.citations;
    DELETE FROM determinations_guidelinecitedstat WHERE citations = 0;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_cited_insert ON determinations_guidelinecitation;
CREATE TRIGGER imr_cited_insert AFTER INSERT ON determinations_guidelinecitation REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_cited_insert();
DROP TRIGGER IF EXISTS imr_cited_delete ON determinations_guidelinecitation;
CREATE TRIGGER imr_cited_delete AFTER DELETE ON determinations_guidelinecitation REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_cited_delete();
DROP TRIGGER IF EXISTS imr_cited_update ON determinations_guidelinecitation;
CREATE TRIGGER imr_cited_update AFTER UPDATE ON determinations_guidelinecitation
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_cited_update();
