-- Fills every item's array of reviewer-cited guideline slugs from its citations.
-- Run by migration 0009 only. Frozen: a change is a new file run by a new migration.
UPDATE determinations_disputeditem i SET reviewer_guidelines = a.slugs FROM (
    SELECT x.item_id, array_agg(DISTINCT g.slug::text COLLATE "C" ORDER BY g.slug::text COLLATE "C")::varchar(80)[]
           AS slugs
    FROM determinations_guidelinecitation x JOIN determinations_guideline g ON g.id = x.guideline_id WHERE x.cited_by = 'reviewer'
    GROUP BY 1) a
WHERE i.id = a.item_id AND i.reviewer_guidelines IS DISTINCT FROM a.slugs;