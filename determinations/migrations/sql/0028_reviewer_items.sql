-- Triggers on items and cases keeping ReviewerItemStat exact: disputed items per reviewer profile by (category,
-- decision). Statement-level, from the transition tables, like the other summaries. Decrements update the rows
-- there are (a profile being deleted may have lost its rows already); increments insert or add.
-- Run by migration 0028 only. Frozen: a change is a new file run by a new migration.

CREATE OR REPLACE FUNCTION imr_reviewer_items_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO determinations_revieweritemstat AS s (reviewer_id, category, decision, items)
    SELECT c.reviewer_id, i.category, i.decision, count(*) FROM new_rows i JOIN determinations_case c ON c.id = i.case_id
    WHERE c.reviewer_id IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT (reviewer_id, category, decision) DO UPDATE SET items = s.items + excluded.items;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_reviewer_items_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE determinations_revieweritemstat s SET items = s.items - d.n
    FROM (SELECT c.reviewer_id, i.category, i.decision, count(*) AS n FROM old_rows i
          JOIN determinations_case c ON c.id = i.case_id WHERE c.reviewer_id IS NOT NULL GROUP BY 1, 2, 3) d
    WHERE (s.reviewer_id, s.category, s.decision) = (d.reviewer_id, d.category, d.decision);
    DELETE FROM determinations_revieweritemstat WHERE items = 0;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_reviewer_items_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE determinations_revieweritemstat s SET items = s.items - d.n
    FROM (SELECT c.reviewer_id, o.category, o.decision, count(*) AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id
          JOIN determinations_case c ON c.id = o.case_id
          WHERE (o.case_id, o.category, o.decision) IS DISTINCT FROM (nw.case_id, nw.category, nw.decision)
            AND c.reviewer_id IS NOT NULL GROUP BY 1, 2, 3) d
    WHERE (s.reviewer_id, s.category, s.decision) = (d.reviewer_id, d.category, d.decision);
    INSERT INTO determinations_revieweritemstat AS s (reviewer_id, category, decision, items)
    SELECT c.reviewer_id, nw.category, nw.decision, count(*) FROM old_rows o JOIN new_rows nw ON nw.id = o.id
    JOIN determinations_case c ON c.id = nw.case_id
    WHERE (o.case_id, o.category, o.decision) IS DISTINCT FROM (nw.case_id, nw.category, nw.decision)
      AND c.reviewer_id IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT (reviewer_id, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_revieweritemstat WHERE items = 0;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_reviewer_items_case_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE determinations_revieweritemstat s SET items = s.items - d.n
    FROM (SELECT o.reviewer_id, i.category, i.decision, count(*) AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id
          JOIN determinations_disputeditem i ON i.case_id = o.id
          WHERE o.reviewer_id IS DISTINCT FROM nw.reviewer_id AND o.reviewer_id IS NOT NULL GROUP BY 1, 2, 3) d
    WHERE (s.reviewer_id, s.category, s.decision) = (d.reviewer_id, d.category, d.decision);
    INSERT INTO determinations_revieweritemstat AS s (reviewer_id, category, decision, items)
    SELECT nw.reviewer_id, i.category, i.decision, count(*) FROM old_rows o JOIN new_rows nw ON nw.id = o.id
    JOIN determinations_disputeditem i ON i.case_id = nw.id
    WHERE o.reviewer_id IS DISTINCT FROM nw.reviewer_id AND nw.reviewer_id IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT (reviewer_id, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_revieweritemstat WHERE items = 0;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_reviewer_items_insert ON determinations_disputeditem;
CREATE TRIGGER imr_reviewer_items_insert AFTER INSERT ON determinations_disputeditem REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_items_insert();
DROP TRIGGER IF EXISTS imr_reviewer_items_delete ON determinations_disputeditem;
CREATE TRIGGER imr_reviewer_items_delete AFTER DELETE ON determinations_disputeditem REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_items_delete();
DROP TRIGGER IF EXISTS imr_reviewer_items_update ON determinations_disputeditem;
CREATE TRIGGER imr_reviewer_items_update AFTER UPDATE ON determinations_disputeditem
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_items_update();
DROP TRIGGER IF EXISTS imr_reviewer_items_case_update ON determinations_case;
CREATE TRIGGER imr_reviewer_items_case_update AFTER UPDATE ON determinations_case
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_items_case_update();
