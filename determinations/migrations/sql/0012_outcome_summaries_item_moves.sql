-- The summary triggers again: moving an item to another letter moves its (letter, guideline) pairs.
-- Run by migration 0012 only. Frozen: a change is a new file run by a new migration.
CREATE OR REPLACE FUNCTION imr_stats_item_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_itemstat AS s (year, category, is_opioid, specialty_slug, decision, items)
    SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM new_rows i JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_itemstat WHERE items = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_item_insert ON determinations_disputeditem;
CREATE TRIGGER imr_stats_item_insert AFTER INSERT ON determinations_disputeditem REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_item_insert();

CREATE OR REPLACE FUNCTION imr_stats_item_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_itemstat AS s (year, category, is_opioid, specialty_slug, decision, items)
    SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, -1 AS n
    FROM old_rows i JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_itemstat WHERE items = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_item_delete ON determinations_disputeditem;
CREATE TRIGGER imr_stats_item_delete AFTER DELETE ON determinations_disputeditem REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_item_delete();

CREATE OR REPLACE FUNCTION imr_stats_item_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_itemstat AS s (year, category, is_opioid, specialty_slug, decision, items)
    SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, -1 AS n
    FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)) i JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true UNION ALL 
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)) i JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_itemstat WHERE items = 0;
    INSERT INTO determinations_guidelinestat AS s (guideline_id, year, category, decision, items)
    SELECT guideline_id, year, category, decision, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM (SELECT DISTINCT x.item_id, x.guideline_id FROM determinations_guidelinecitation x JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)) ch ON ch.id = x.item_id WHERE x.cited_by = 'reviewer') p JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)) i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id UNION ALL 
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM (SELECT DISTINCT x.item_id, x.guideline_id FROM determinations_guidelinecitation x JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)) ch ON ch.id = x.item_id WHERE x.cited_by = 'reviewer') p JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id)) i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id) d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinestat WHERE items = 0;
    INSERT INTO determinations_guidelinecasestat AS s (guideline_id, year, cases)
    SELECT guideline_id, year, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year,
           (coalesce(cur.n, 0) > 0)::int - (coalesce(cur.n, 0) - p.a + p.r > 0)::int AS n
    FROM (SELECT case_id, guideline_id, sum(a) AS a, sum(r) AS r FROM (
              SELECT nw.case_id, x.guideline_id, 1 AS a, 0 AS r FROM old_rows o JOIN new_rows nw ON nw.id = o.id AND o.case_id <> nw.case_id CROSS JOIN LATERAL (SELECT DISTINCT x.guideline_id FROM determinations_guidelinecitation x WHERE x.item_id = nw.id AND x.cited_by = 'reviewer') x
              UNION ALL SELECT o.case_id, x.guideline_id, 0, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id AND o.case_id <> nw.case_id CROSS JOIN LATERAL (SELECT DISTINCT x.guideline_id FROM determinations_guidelinecitation x WHERE x.item_id = o.id AND x.cited_by = 'reviewer') x) y
          GROUP BY 1, 2) p
    LEFT JOIN (SELECT i.case_id, x.guideline_id, count(DISTINCT i.id) AS n
               FROM determinations_disputeditem i JOIN determinations_guidelinecitation x ON x.item_id = i.id AND x.cited_by = 'reviewer'
               WHERE i.case_id IN (SELECT o.case_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id AND o.case_id <> nw.case_id UNION ALL SELECT nw.case_id FROM old_rows o JOIN new_rows nw ON nw.id = o.id AND o.case_id <> nw.case_id)
               GROUP BY 1, 2) cur ON cur.case_id = p.case_id AND cur.guideline_id = p.guideline_id
    JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinecasestat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_item_update ON determinations_disputeditem;
CREATE TRIGGER imr_stats_item_update AFTER UPDATE ON determinations_disputeditem REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_item_update();

CREATE OR REPLACE FUNCTION imr_stats_citation_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinestat AS s (guideline_id, year, category, decision, items)
    SELECT guideline_id, year, category, decision, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM (
    SELECT np.item_id, np.guideline_id FROM (
        SELECT ch.item_id, ch.guideline_id, count(*) AS n FROM new_rows ch WHERE ch.cited_by = 'reviewer' GROUP BY 1, 2) np
    WHERE np.n = (SELECT count(*) FROM determinations_guidelinecitation x
                  WHERE x.item_id = np.item_id AND x.guideline_id = np.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id) d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinestat WHERE items = 0;
    INSERT INTO determinations_guidelinecasestat AS s (guideline_id, year, cases)
    SELECT guideline_id, year, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, 1 AS n
    FROM (
    SELECT np.case_id, np.guideline_id FROM (
        SELECT i.case_id, ch.guideline_id, count(*) AS n FROM new_rows ch JOIN determinations_disputeditem i ON i.id = ch.item_id
        WHERE ch.cited_by = 'reviewer' GROUP BY 1, 2) np
    WHERE np.n = (SELECT count(*) FROM determinations_guidelinecitation x JOIN determinations_disputeditem xi ON xi.id = x.item_id
                  WHERE xi.case_id = np.case_id AND x.guideline_id = np.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinecasestat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_citation_insert ON determinations_guidelinecitation;
CREATE TRIGGER imr_stats_citation_insert AFTER INSERT ON determinations_guidelinecitation REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_citation_insert();

CREATE OR REPLACE FUNCTION imr_stats_citation_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinestat AS s (guideline_id, year, category, decision, items)
    SELECT guideline_id, year, category, decision, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM (
    SELECT DISTINCT ch.item_id, ch.guideline_id FROM old_rows ch
    WHERE ch.cited_by = 'reviewer' AND NOT EXISTS (
        SELECT 1 FROM determinations_guidelinecitation x
        WHERE x.item_id = ch.item_id AND x.guideline_id = ch.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id) d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinestat WHERE items = 0;
    INSERT INTO determinations_guidelinecasestat AS s (guideline_id, year, cases)
    SELECT guideline_id, year, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, -1 AS n
    FROM (
    SELECT DISTINCT i.case_id, ch.guideline_id FROM old_rows ch JOIN determinations_disputeditem i ON i.id = ch.item_id
    WHERE ch.cited_by = 'reviewer' AND NOT EXISTS (
        SELECT 1 FROM determinations_guidelinecitation x JOIN determinations_disputeditem xi ON xi.id = x.item_id
        WHERE xi.case_id = i.case_id AND x.guideline_id = ch.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinecasestat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_citation_delete ON determinations_guidelinecitation;
CREATE TRIGGER imr_stats_citation_delete AFTER DELETE ON determinations_guidelinecitation REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_citation_delete();

CREATE OR REPLACE FUNCTION imr_stats_citation_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinestat AS s (guideline_id, year, category, decision, items)
    SELECT guideline_id, year, category, decision, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM (
    SELECT np.item_id, np.guideline_id FROM (
        SELECT ch.item_id, ch.guideline_id, count(*) AS n FROM (SELECT nw.* FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)) ch WHERE ch.cited_by = 'reviewer' GROUP BY 1, 2) np
    WHERE np.n = (SELECT count(*) FROM determinations_guidelinecitation x
                  WHERE x.item_id = np.item_id AND x.guideline_id = np.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id UNION ALL 
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM (
    SELECT DISTINCT ch.item_id, ch.guideline_id FROM (SELECT o.* FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)) ch
    WHERE ch.cited_by = 'reviewer' AND NOT EXISTS (
        SELECT 1 FROM determinations_guidelinecitation x
        WHERE x.item_id = ch.item_id AND x.guideline_id = ch.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id) d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinestat WHERE items = 0;
    INSERT INTO determinations_guidelinecasestat AS s (guideline_id, year, cases)
    SELECT guideline_id, year, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, 1 AS n
    FROM (
    SELECT np.case_id, np.guideline_id FROM (
        SELECT i.case_id, ch.guideline_id, count(*) AS n FROM (SELECT nw.* FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)) ch JOIN determinations_disputeditem i ON i.id = ch.item_id
        WHERE ch.cited_by = 'reviewer' GROUP BY 1, 2) np
    WHERE np.n = (SELECT count(*) FROM determinations_guidelinecitation x JOIN determinations_disputeditem xi ON xi.id = x.item_id
                  WHERE xi.case_id = np.case_id AND x.guideline_id = np.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_case c ON c.id = p.case_id UNION ALL 
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, -1 AS n
    FROM (
    SELECT DISTINCT i.case_id, ch.guideline_id FROM (SELECT o.* FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.item_id, o.guideline_id, o.cited_by) IS DISTINCT FROM (nw.item_id, nw.guideline_id, nw.cited_by)) ch JOIN determinations_disputeditem i ON i.id = ch.item_id
    WHERE ch.cited_by = 'reviewer' AND NOT EXISTS (
        SELECT 1 FROM determinations_guidelinecitation x JOIN determinations_disputeditem xi ON xi.id = x.item_id
        WHERE xi.case_id = i.case_id AND x.guideline_id = ch.guideline_id AND x.cited_by = 'reviewer')) p JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinecasestat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_citation_update ON determinations_guidelinecitation;
CREATE TRIGGER imr_stats_citation_update AFTER UPDATE ON determinations_guidelinecitation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_citation_update();

CREATE OR REPLACE FUNCTION imr_stats_case_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_monthstat AS s (month, outcome, cases)
    SELECT month, outcome, sum(n) FROM (SELECT date_trunc('month', c.decision_date)::date AS month, c.outcome, 1 AS n FROM new_rows c) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_monthstat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_case_insert ON determinations_case;
CREATE TRIGGER imr_stats_case_insert AFTER INSERT ON determinations_case REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_case_insert();

CREATE OR REPLACE FUNCTION imr_stats_case_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_monthstat AS s (month, outcome, cases)
    SELECT month, outcome, sum(n) FROM (SELECT date_trunc('month', c.decision_date)::date AS month, c.outcome, -1 AS n FROM old_rows c) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_monthstat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_case_delete ON determinations_case;
CREATE TRIGGER imr_stats_case_delete AFTER DELETE ON determinations_case REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_case_delete();

CREATE OR REPLACE FUNCTION imr_stats_case_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_monthstat AS s (month, outcome, cases)
    SELECT month, outcome, sum(n) FROM (SELECT date_trunc('month', o.decision_date)::date AS month, o.outcome, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.decision_date, o.outcome) IS DISTINCT FROM (nw.decision_date, nw.outcome) UNION ALL SELECT date_trunc('month', nw.decision_date)::date, nw.outcome, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id WHERE (o.decision_date, o.outcome) IS DISTINCT FROM (nw.decision_date, nw.outcome)) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_monthstat WHERE cases = 0;
    INSERT INTO determinations_itemstat AS s (year, category, is_opioid, specialty_slug, decision, items)
    SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, -1 AS n
    FROM determinations_disputeditem i JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true UNION ALL 
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM determinations_disputeditem i JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_itemstat WHERE items = 0;
    INSERT INTO determinations_guidelinestat AS s (guideline_id, year, category, decision, items)
    SELECT guideline_id, year, category, decision, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM (SELECT DISTINCT x.item_id, x.guideline_id FROM determinations_guidelinecitation x JOIN determinations_disputeditem i ON i.id = x.item_id JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) ch ON ch.id = i.case_id WHERE x.cited_by = 'reviewer') p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id UNION ALL 
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM (SELECT DISTINCT x.item_id, x.guideline_id FROM determinations_guidelinecitation x JOIN determinations_disputeditem i ON i.id = x.item_id JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) ch ON ch.id = i.case_id WHERE x.cited_by = 'reviewer') p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id) d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinestat WHERE items = 0;
    INSERT INTO determinations_guidelinecasestat AS s (guideline_id, year, cases)
    SELECT guideline_id, year, sum(n) FROM (
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, -1 AS n
    FROM (SELECT DISTINCT i.case_id, x.guideline_id FROM determinations_guidelinecitation x JOIN determinations_disputeditem i ON i.id = x.item_id JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) ch ON ch.id = i.case_id WHERE x.cited_by = 'reviewer') p JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = p.case_id UNION ALL 
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, 1 AS n
    FROM (SELECT DISTINCT i.case_id, x.guideline_id FROM determinations_guidelinecitation x JOIN determinations_disputeditem i ON i.id = x.item_id JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) ch ON ch.id = i.case_id WHERE x.cited_by = 'reviewer') p JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = p.case_id) d GROUP BY 1, 2 HAVING sum(n) <> 0
    ON CONFLICT (guideline_id, year) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinecasestat WHERE cases = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_case_update ON determinations_case;
CREATE TRIGGER imr_stats_case_update AFTER UPDATE ON determinations_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_case_update();

CREATE OR REPLACE FUNCTION imr_stats_reviewer_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_itemstat AS s (year, category, is_opioid, specialty_slug, decision, items)
    SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM (SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, o.specialty_slug, i.decision, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN determinations_case c ON c.reviewer_id = o.id JOIN determinations_disputeditem i ON i.case_id = c.id WHERE o.specialty_slug <> nw.specialty_slug UNION ALL SELECT coalesce(extract(year from c.decision_date)::int, 0), i.category, i.is_opioid, nw.specialty_slug, i.decision, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN determinations_case c ON c.reviewer_id = o.id JOIN determinations_disputeditem i ON i.case_id = c.id WHERE o.specialty_slug <> nw.specialty_slug) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_itemstat WHERE items = 0;
RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS imr_stats_reviewer_update ON determinations_reviewer;
CREATE TRIGGER imr_stats_reviewer_update AFTER UPDATE ON determinations_reviewer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_stats_reviewer_update();