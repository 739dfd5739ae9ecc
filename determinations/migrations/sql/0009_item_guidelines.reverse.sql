-- Undoes 0009_item_guidelines.sql.
-- Run by migration 0009 only. Frozen: a change is a new file run by a new migration.
DROP TRIGGER IF EXISTS imr_item_guidelines_insert ON determinations_guidelinecitation; DROP FUNCTION IF EXISTS imr_item_guidelines_insert();
DROP TRIGGER IF EXISTS imr_item_guidelines_delete ON determinations_guidelinecitation; DROP FUNCTION IF EXISTS imr_item_guidelines_delete();
DROP TRIGGER IF EXISTS imr_item_guidelines_update ON determinations_guidelinecitation; DROP FUNCTION IF EXISTS imr_item_guidelines_update();