DROP TRIGGER IF EXISTS imr_reviewer_items_insert ON determinations_disputeditem;
DROP TRIGGER IF EXISTS imr_reviewer_items_delete ON determinations_disputeditem;
DROP TRIGGER IF EXISTS imr_reviewer_items_update ON determinations_disputeditem;
DROP TRIGGER IF EXISTS imr_reviewer_items_case_update ON determinations_case;
DROP FUNCTION IF EXISTS imr_reviewer_items_insert();
DROP FUNCTION IF EXISTS imr_reviewer_items_delete();
DROP FUNCTION IF EXISTS imr_reviewer_items_update();
DROP FUNCTION IF EXISTS imr_reviewer_items_case_update();
