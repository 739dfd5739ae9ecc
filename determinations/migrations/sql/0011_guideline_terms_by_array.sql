-- The guideline term triggers again, each item's terms computed once per distinct array.
-- Run by migration 0011 only. Frozen: a change is a new file run by a new migration.
CREATE OR REPLACE FUNCTION imr_guideline_terms(slugs varchar[]) RETURNS text[] LANGUAGE sql STABLE AS $fn$
    SELECT coalesce(array_agg(DISTINCT t), '{}') FROM (
        SELECT s::text AS t FROM unnest(slugs) s
        UNION ALL SELECT g.family::text FROM determinations_guideline g WHERE g.slug = ANY(slugs)) x
$fn$;
CREATE OR REPLACE FUNCTION imr_terms_item_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinetermitemstat AS s (term, year, category, is_opioid, specialty_slug, decision, items)
    SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM new_rows i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM new_rows d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id) d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
    ON CONFLICT (term, year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermitemstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermpairstat AS s (term, cited, year, category, decision, items)
    SELECT term, cited, year, category, decision, sum(n) FROM (
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM new_rows i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM new_rows d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (term, cited, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermpairstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermmonthstat AS s (term, month, outcome, cases)
    SELECT term, month, outcome, sum(n) FROM (
    SELECT p.term, date_trunc('month', c.decision_date)::date AS month, c.outcome,
           (coalesce(cur.n, 0) > 0)::int - (coalesce(cur.n, 0) - p.a + p.r > 0)::int AS n
    FROM (SELECT case_id, term, sum(a) AS a, sum(r) AS r FROM (
              SELECT i.case_id, t AS term, 1 AS a, 0 AS r FROM new_rows i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM new_rows d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t
              UNION ALL SELECT i.case_id, t, 0, 1 FROM (SELECT * FROM determinations_disputeditem WHERE false) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT * FROM determinations_disputeditem WHERE false) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t) x
          GROUP BY 1, 2) p
    LEFT JOIN (SELECT i.case_id, t AS term, count(*) AS n FROM (SELECT * FROM determinations_disputeditem WHERE case_id IN (SELECT case_id FROM new_rows UNION ALL SELECT case_id FROM (SELECT * FROM determinations_disputeditem WHERE false))) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT * FROM determinations_disputeditem WHERE case_id IN (SELECT case_id FROM new_rows UNION ALL SELECT case_id FROM (SELECT * FROM determinations_disputeditem WHERE false))) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t GROUP BY 1, 2) cur
           ON cur.case_id = p.case_id AND cur.term = p.term
    JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ON CONFLICT (term, month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinetermmonthstat WHERE cases = 0;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_terms_item_insert ON determinations_disputeditem;
CREATE TRIGGER imr_terms_item_insert AFTER INSERT ON determinations_disputeditem REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_terms_item_insert();

CREATE OR REPLACE FUNCTION imr_terms_item_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinetermitemstat AS s (term, year, category, is_opioid, specialty_slug, decision, items)
    SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, -1 AS n
    FROM old_rows i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM old_rows d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id) d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
    ON CONFLICT (term, year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermitemstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermpairstat AS s (term, cited, year, category, decision, items)
    SELECT term, cited, year, category, decision, sum(n) FROM (
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM old_rows i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM old_rows d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (term, cited, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermpairstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermmonthstat AS s (term, month, outcome, cases)
    SELECT term, month, outcome, sum(n) FROM (
    SELECT p.term, date_trunc('month', c.decision_date)::date AS month, c.outcome,
           (coalesce(cur.n, 0) > 0)::int - (coalesce(cur.n, 0) - p.a + p.r > 0)::int AS n
    FROM (SELECT case_id, term, sum(a) AS a, sum(r) AS r FROM (
              SELECT i.case_id, t AS term, 1 AS a, 0 AS r FROM (SELECT * FROM determinations_disputeditem WHERE false) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT * FROM determinations_disputeditem WHERE false) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t
              UNION ALL SELECT i.case_id, t, 0, 1 FROM old_rows i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM old_rows d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t) x
          GROUP BY 1, 2) p
    LEFT JOIN (SELECT i.case_id, t AS term, count(*) AS n FROM (SELECT * FROM determinations_disputeditem WHERE case_id IN (SELECT case_id FROM (SELECT * FROM determinations_disputeditem WHERE false) UNION ALL SELECT case_id FROM old_rows)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT * FROM determinations_disputeditem WHERE case_id IN (SELECT case_id FROM (SELECT * FROM determinations_disputeditem WHERE false) UNION ALL SELECT case_id FROM old_rows)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t GROUP BY 1, 2) cur
           ON cur.case_id = p.case_id AND cur.term = p.term
    JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ON CONFLICT (term, month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinetermmonthstat WHERE cases = 0;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_terms_item_delete ON determinations_disputeditem;
CREATE TRIGGER imr_terms_item_delete AFTER DELETE ON determinations_disputeditem REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_terms_item_delete();

CREATE OR REPLACE FUNCTION imr_terms_item_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinetermitemstat AS s (term, year, category, is_opioid, specialty_slug, decision, items)
    SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, -1 AS n
    FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id UNION ALL 
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id) d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
    ON CONFLICT (term, year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermitemstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermpairstat AS s (term, cited, year, category, decision, items)
    SELECT term, cited, year, category, decision, sum(n) FROM (
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s UNION ALL 
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (term, cited, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermpairstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermmonthstat AS s (term, month, outcome, cases)
    SELECT term, month, outcome, sum(n) FROM (
    SELECT p.term, date_trunc('month', c.decision_date)::date AS month, c.outcome,
           (coalesce(cur.n, 0) > 0)::int - (coalesce(cur.n, 0) - p.a + p.r > 0)::int AS n
    FROM (SELECT case_id, term, sum(a) AS a, sum(r) AS r FROM (
              SELECT i.case_id, t AS term, 1 AS a, 0 AS r FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t
              UNION ALL SELECT i.case_id, t, 0, 1 FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t) x
          GROUP BY 1, 2) p
    LEFT JOIN (SELECT i.case_id, t AS term, count(*) AS n FROM (SELECT * FROM determinations_disputeditem WHERE case_id IN (SELECT case_id FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) UNION ALL SELECT case_id FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)))) i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM (SELECT * FROM determinations_disputeditem WHERE case_id IN (SELECT case_id FROM (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)) UNION ALL SELECT case_id FROM (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (o.decision, o.category, o.is_opioid, o.case_id, o.reviewer_guidelines) IS DISTINCT FROM (nw.decision, nw.category, nw.is_opioid, nw.case_id, nw.reviewer_guidelines)))) d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t GROUP BY 1, 2) cur
           ON cur.case_id = p.case_id AND cur.term = p.term
    JOIN determinations_case c ON c.id = p.case_id) d GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ON CONFLICT (term, month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinetermmonthstat WHERE cases = 0;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_terms_item_update ON determinations_disputeditem;
CREATE TRIGGER imr_terms_item_update AFTER UPDATE ON determinations_disputeditem REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_terms_item_update();

CREATE OR REPLACE FUNCTION imr_terms_case_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinetermitemstat AS s (term, year, category, is_opioid, specialty_slug, decision, items)
    SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, -1 AS n
    FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id UNION ALL 
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id) d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
    ON CONFLICT (term, year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermitemstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermpairstat AS s (term, cited, year, category, decision, items)
    SELECT term, cited, year, category, decision, sum(n) FROM (
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, -1 AS n
    FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN (SELECT o.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s UNION ALL 
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN (SELECT nw.* FROM old_rows o, new_rows nw WHERE o.id = nw.id AND (extract(year from o.decision_date), o.reviewer_id) IS DISTINCT FROM (extract(year from nw.decision_date), nw.reviewer_id)) c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
    ON CONFLICT (term, cited, year, category, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermpairstat WHERE items = 0;
    INSERT INTO determinations_guidelinetermmonthstat AS s (term, month, outcome, cases)
    SELECT term, month, outcome, sum(n) FROM (SELECT k.t AS term, date_trunc('month', o.decision_date)::date AS month, o.outcome, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id CROSS JOIN LATERAL (SELECT DISTINCT t FROM determinations_disputeditem i CROSS JOIN LATERAL unnest(imr_guideline_terms(i.reviewer_guidelines)) t WHERE i.case_id = o.id) k WHERE (o.decision_date, o.outcome) IS DISTINCT FROM (nw.decision_date, nw.outcome) UNION ALL SELECT k.t, date_trunc('month', nw.decision_date)::date, nw.outcome, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id CROSS JOIN LATERAL (SELECT DISTINCT t FROM determinations_disputeditem i CROSS JOIN LATERAL unnest(imr_guideline_terms(i.reviewer_guidelines)) t WHERE i.case_id = nw.id) k WHERE (o.decision_date, o.outcome) IS DISTINCT FROM (nw.decision_date, nw.outcome)) d GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ON CONFLICT (term, month, outcome) DO UPDATE SET cases = s.cases + excluded.cases;
    DELETE FROM determinations_guidelinetermmonthstat WHERE cases = 0;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_terms_case_update ON determinations_case;
CREATE TRIGGER imr_terms_case_update AFTER UPDATE ON determinations_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_terms_case_update();

CREATE OR REPLACE FUNCTION imr_terms_reviewer_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN

    INSERT INTO determinations_guidelinetermitemstat AS s (term, year, category, is_opioid, specialty_slug, decision, items)
    SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM (SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, o.specialty_slug, i.decision, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN determinations_case c ON c.reviewer_id = o.id JOIN determinations_disputeditem i ON i.case_id = c.id CROSS JOIN LATERAL unnest(imr_guideline_terms(i.reviewer_guidelines)) t WHERE o.specialty_slug <> nw.specialty_slug UNION ALL SELECT t, coalesce(extract(year from c.decision_date)::int, 0), i.category, i.is_opioid, nw.specialty_slug, i.decision, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN determinations_case c ON c.reviewer_id = o.id JOIN determinations_disputeditem i ON i.case_id = c.id CROSS JOIN LATERAL unnest(imr_guideline_terms(i.reviewer_guidelines)) t WHERE o.specialty_slug <> nw.specialty_slug) d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
    ON CONFLICT (term, year, category, is_opioid, specialty_slug, decision) DO UPDATE SET items = s.items + excluded.items;
    DELETE FROM determinations_guidelinetermitemstat WHERE items = 0;
RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS imr_terms_reviewer_update ON determinations_reviewer;
CREATE TRIGGER imr_terms_reviewer_update AFTER UPDATE ON determinations_reviewer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION imr_terms_reviewer_update();