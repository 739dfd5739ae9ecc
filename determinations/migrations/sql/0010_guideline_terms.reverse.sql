-- Undoes 0010_guideline_terms.sql.
-- Run by migration 0010 only. Frozen: a change is a new file run by a new migration.
DROP TRIGGER IF EXISTS imr_terms_item_insert ON determinations_disputeditem; DROP FUNCTION IF EXISTS imr_terms_item_insert();
DROP TRIGGER IF EXISTS imr_terms_item_delete ON determinations_disputeditem; DROP FUNCTION IF EXISTS imr_terms_item_delete();
DROP TRIGGER IF EXISTS imr_terms_item_update ON determinations_disputeditem; DROP FUNCTION IF EXISTS imr_terms_item_update();
DROP TRIGGER IF EXISTS imr_terms_case_update ON determinations_case; DROP FUNCTION IF EXISTS imr_terms_case_update();
DROP TRIGGER IF EXISTS imr_terms_reviewer_update ON determinations_reviewer; DROP FUNCTION IF EXISTS imr_terms_reviewer_update();
DROP FUNCTION IF EXISTS imr_guideline_terms(varchar[]);