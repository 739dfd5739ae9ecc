-- Recounts the summary tables from the archived rows (also the tests' reference recount).
-- Run by migration 0012 only. Frozen: a change is a new file run by a new migration.
DELETE FROM determinations_itemstat;
DELETE FROM determinations_guidelinestat;
DELETE FROM determinations_guidelinecasestat;
DELETE FROM determinations_monthstat;
INSERT INTO determinations_itemstat (year, category, is_opioid, specialty_slug, decision, items)
SELECT year, category, is_opioid, specialty_slug, decision, sum(n) FROM (
    SELECT coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.is_opioid, coalesce(r.specialty_slug, '') AS specialty_slug,
           i.decision, 1 AS n
    FROM determinations_disputeditem i JOIN determinations_case c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
    WHERE true) d
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO determinations_guidelinestat (guideline_id, year, category, decision, items)
SELECT guideline_id, year, category, decision, sum(n) FROM (
    
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, i.category, i.decision, 1 AS n
    FROM (SELECT DISTINCT item_id, guideline_id FROM determinations_guidelinecitation WHERE cited_by = 'reviewer') p JOIN determinations_disputeditem i ON i.id = p.item_id JOIN determinations_case c ON c.id = i.case_id) d
GROUP BY 1, 2, 3, 4;
INSERT INTO determinations_guidelinecasestat (guideline_id, year, cases)
SELECT guideline_id, year, sum(n) FROM (
    
    SELECT p.guideline_id, coalesce(extract(year from c.decision_date)::int, 0) AS year, 1 AS n
    FROM (SELECT DISTINCT i.case_id, x.guideline_id FROM determinations_guidelinecitation x JOIN determinations_disputeditem i ON i.id = x.item_id JOIN determinations_case ch ON ch.id = i.case_id WHERE x.cited_by = 'reviewer') p JOIN determinations_case c ON c.id = p.case_id) d
GROUP BY 1, 2;
INSERT INTO determinations_monthstat (month, outcome, cases)
SELECT date_trunc('month', c.decision_date)::date, c.outcome, count(*) FROM determinations_case c GROUP BY 1, 2;
