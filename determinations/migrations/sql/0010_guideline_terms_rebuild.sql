-- Recounts the guideline term tables from the archived rows.
-- Run by migration 0010 only. Frozen: a change is a new file run by a new migration.
DELETE FROM determinations_guidelinetermitemstat;
DELETE FROM determinations_guidelinetermpairstat;
DELETE FROM determinations_guidelinetermmonthstat;
INSERT INTO determinations_guidelinetermitemstat (term, year, category, is_opioid, specialty_slug, decision, items)
SELECT term, year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT t AS term, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id) d
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO determinations_guidelinetermpairstat (term, cited, year, category, decision, items)
SELECT term, cited, year, category, decision, sum(n) FROM (
    SELECT t AS term, s::text AS cited, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t JOIN determinations_case c ON c.id = i.case_id
    CROSS JOIN LATERAL unnest(i.reviewer_guidelines) s) d
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO determinations_guidelinetermmonthstat (term, month, outcome, cases)
SELECT p.term, date_trunc('month', c.decision_date)::date, c.outcome, count(*)
FROM (SELECT DISTINCT i.case_id, t AS term FROM determinations_disputeditem i JOIN (SELECT a, imr_guideline_terms(a) AS terms FROM (SELECT DISTINCT reviewer_guidelines AS a FROM determinations_disputeditem d0) d1) i_tm ON i_tm.a = i.reviewer_guidelines CROSS JOIN LATERAL unnest(i_tm.terms) t) p JOIN determinations_case c ON c.id = p.case_id
GROUP BY 1, 2, 3;
