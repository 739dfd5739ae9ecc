-- Triggers on cases keeping ReviewerCaseStat exact: decisions (letters) per reviewer profile.
-- Statement-level, from the transition tables, like the other summaries.
-- Run by migration 0027 only. Frozen: a change is a new file run by a new migration.

CREATE OR REPLACE FUNCTION imr_reviewer_cases_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO determinations_reviewercasestat AS s (reviewer_id, cases)
    SELECT reviewer_id, count(*) FROM new_rows WHERE reviewer_id IS NOT NULL GROUP BY 1
    ON CONFLICT (reviewer_id) DO UPDATE SET cases = s.cases + excluded.cases;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_reviewer_cases_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE determinations_reviewercasestat s SET cases = s.cases - d.n
    FROM (SELECT reviewer_id, count(*) AS n FROM old_rows WHERE reviewer_id IS NOT NULL GROUP BY 1) d
    WHERE s.reviewer_id = d.reviewer_id;
    DELETE FROM determinations_reviewercasestat WHERE cases = 0;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION imr_reviewer_cases_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- (decrements update the rows there are: a profile being deleted may have lost its row already)
    UPDATE determinations_reviewercasestat s SET cases = s.cases - d.n
    FROM (SELECT o.reviewer_id, count(*) AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id
          WHERE o.reviewer_id IS DISTINCT FROM nw.reviewer_id AND o.reviewer_id IS NOT NULL GROUP BY 1) d
    WHERE s.reviewer_id = d.reviewer_id;
    INSERT INTO determinations_reviewercasestat AS s (reviewer_id, cases)
    SELECT nw.reviewer_id, count(*) FROM old_rows o JOIN new_rows nw ON nw.id = o.id
    WHERE o.reviewer_id IS DISTINCT FROM nw.reviewer_id AND nw.reviewer_id IS NOT NULL GROUP BY 1
    ON CONFLICT (reviewer_id) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_reviewercasestat WHERE cases = 0;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_reviewer_cases_insert ON determinations_case;
CREATE TRIGGER imr_reviewer_cases_insert AFTER INSERT ON determinations_case REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_cases_insert();
DROP TRIGGER IF EXISTS imr_reviewer_cases_delete ON determinations_case;
CREATE TRIGGER imr_reviewer_cases_delete AFTER DELETE ON determinations_case REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_cases_delete();
DROP TRIGGER IF EXISTS imr_reviewer_cases_update ON determinations_case;
CREATE TRIGGER imr_reviewer_cases_update AFTER UPDATE ON determinations_case
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_reviewer_cases_update();
