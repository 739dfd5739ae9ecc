DROP TRIGGER IF EXISTS imr_reviewer_cases_insert ON determinations_case;
DROP TRIGGER IF EXISTS imr_reviewer_cases_delete ON determinations_case;
DROP TRIGGER IF EXISTS imr_reviewer_cases_update ON determinations_case;
DROP FUNCTION IF EXISTS imr_reviewer_cases_insert();
DROP FUNCTION IF EXISTS imr_reviewer_cases_delete();
DROP FUNCTION IF EXISTS imr_reviewer_cases_update();
