-- Recounts ReviewerItemStat from the archived items (migration 0028; bench/bulk_load.py after a COPY).
-- Frozen: a change is a new file run by a new migration.
DELETE FROM determinations_revieweritemstat;
INSERT INTO determinations_revieweritemstat (reviewer_id, category, decision, items)
SELECT c.reviewer_id, i.category, i.decision, count(*) FROM determinations_disputeditem i
JOIN determinations_case c ON c.id = i.case_id WHERE c.reviewer_id IS NOT NULL GROUP BY 1, 2, 3;
