-- Recounts ReviewerCaseStat from the archived cases (migration 0027; bench/bulk_load.py after a COPY).
-- Frozen: a change is a new file run by a new migration.
DELETE FROM determinations_reviewercasestat;
INSERT INTO determinations_reviewercasestat (reviewer_id, cases)
SELECT reviewer_id, count(*) FROM determinations_case WHERE reviewer_id IS NOT NULL GROUP BY 1;
