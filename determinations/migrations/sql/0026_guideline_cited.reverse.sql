DROP TRIGGER IF EXISTS imr_cited_insert ON determinations_guidelinecitation;
DROP TRIGGER IF EXISTS imr_cited_delete ON determinations_guidelinecitation;
DROP TRIGGER IF EXISTS imr_cited_update ON determinations_guidelinecitation;
DROP FUNCTION IF EXISTS imr_cited_insert();
DROP FUNCTION IF EXISTS imr_cited_delete();
DROP FUNCTION IF EXISTS imr_cited_update();
