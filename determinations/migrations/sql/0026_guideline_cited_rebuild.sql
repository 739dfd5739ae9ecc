-- Recounts GuidelineCitedStat from the archived citations (migration 0026; bench/bulk_load.py after a COPY).
-- Frozen: a change is a new file run by a new migration.
DELETE FROM determinations_guidelinecitedstat;
INSERT INTO determinations_guidelinecitedstat (guideline_id, field, value, citations)
SELECT guideline_id, field, value, count(*) FROM (
    SELECT guideline_id, 'topic' AS field, topic AS value FROM determinations_guidelinecitation
    WHERE cited_by = 'reviewer' AND topic <> ''
    UNION ALL
    SELECT guideline_id, 'pages', pages FROM determinations_guidelinecitation WHERE cited_by = 'reviewer' AND pages <> '') d
GROUP BY 1, 2, 3;
