"""Migrations rebuild the same database from scratch: the test database (migrated from nothing by pytest-django)
has the schema (the tables' storage options too) and trigger functions recorded in fixtures/schema.txt (first
taken when the trigger SQL still came from Python; since then changed only by new migrations). A deliberate
schema change regenerates the record: IMR_WRITE_SCHEMA=1 pytest tests/stats/test_migrations_schema.py, and its
diff shows what changed."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "fixtures" / "schema.txt"

# Every object of the public schema that migrations create, each as a line (functions as their full definition),
# leaving out what extensions own.
CATALOG = """
SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
UNION ALL
SELECT format('table %s %s', c.relname, c.relkind::text) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p')
UNION ALL
SELECT format('options %s %s', c.relname, array_to_string(c.reloptions, ', ')) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.reloptions IS NOT NULL
UNION ALL
SELECT format('column %s.%s %s%s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
              CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
              CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END,
              coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
              || CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT format('constraint %s.%s %s', c.relname, k.conname, pg_get_constraintdef(k.oid))
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
UNION ALL
SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
UNION ALL
SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND NOT EXISTS (
    SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
ORDER BY 1
"""


def schema() -> str:
    """The catalog of the connected database, one object per entry, in a stable order."""
    with connection.cursor() as cursor:
        cursor.execute(CATALOG)
        return "\n".join(line for (line,) in cursor.fetchall()) + "\n"


def test_migrations_build_the_recorded_schema_and_trigger_functions():
    current = schema()
    if os.environ.get("IMR_WRITE_SCHEMA"):
        SNAPSHOT.write_text(current)
    recorded = SNAPSHOT.read_text()
    assert "function CREATE OR REPLACE FUNCTION public.imr_stats_item_update()" in recorded  # the record has them
    diff = "".join(difflib.unified_diff(recorded.splitlines(True), current.splitlines(True), "recorded", "migrated"))
    assert not diff, diff
