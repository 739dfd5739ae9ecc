-- Undoes 0004_outcome_summaries.sql.
-- Run by migration 0004 only. Frozen: a change is a new file run by a new migration.
DROP TRIGGER IF EXISTS imr_stats_item_insert ON determinations_disputeditem; DROP FUNCTION IF EXISTS imr_stats_item_insert();
DROP TRIGGER IF EXISTS imr_stats_item_delete ON determinations_disputeditem; DROP FUNCTION IF EXISTS imr_stats_item_delete();
DROP TRIGGER IF EXISTS imr_stats_item_update ON determinations_disputeditem; DROP FUNCTION IF EXISTS imr_stats_item_update();
DROP TRIGGER IF EXISTS imr_stats_citation_insert ON determinations_guidelinecitation; DROP FUNCTION IF EXISTS imr_stats_citation_insert();
DROP TRIGGER IF EXISTS imr_stats_citation_delete ON determinations_guidelinecitation; DROP FUNCTION IF EXISTS imr_stats_citation_delete();
DROP TRIGGER IF EXISTS imr_stats_citation_update ON determinations_guidelinecitation; DROP FUNCTION IF EXISTS imr_stats_citation_update();
DROP TRIGGER IF EXISTS imr_stats_case_insert ON determinations_case; DROP FUNCTION IF EXISTS imr_stats_case_insert();
DROP TRIGGER IF EXISTS imr_stats_case_delete ON determinations_case; DROP FUNCTION IF EXISTS imr_stats_case_delete();
DROP TRIGGER IF EXISTS imr_stats_case_update ON determinations_case; DROP FUNCTION IF EXISTS imr_stats_case_update();
DROP TRIGGER IF EXISTS imr_stats_reviewer_update ON determinations_reviewer; DROP FUNCTION IF EXISTS imr_stats_reviewer_update();