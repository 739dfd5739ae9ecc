"""The trigger SQL exists as text: versioned files under determinations/migrations/sql/, each run by one migration,
and the functions and triggers in the database are those of the latest files."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from tests.stats.sql import SQL

MIGRATIONS = SQL.parent
FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?\$fn\$(.*?)\$fn\$", re.DOTALL)
TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*?;", re.DOTALL)


def latest() -> tuple[dict[str, str], dict[str, str]]:
    """(function name -> body, trigger name -> statement) as the files leave them, applied in migration order."""
    functions, triggers = {}, {}
    for path in sorted(SQL.glob("*.sql")):
        if path.name.endswith(".reverse.sql"):
            continue
        text = path.read_text()
        functions.update(FUNCTION.findall(text))
        triggers.update((m.group(1), " ".join(m.group(0).rstrip(";").split())) for m in TRIGGER.finditer(text))
    return functions, triggers


def test_each_file_is_run_by_exactly_one_migration():
    sources = {p.name: p.read_text() for p in MIGRATIONS.glob("0*.py")}
    files = sorted(SQL.glob("*.sql"))
    assert len(files) >= 11
    for path in files:
        readers = [name for name, text in sources.items() if f'"{path.name}"' in text]
        assert len(readers) == 1 and readers[0][:4] == path.name[:4], (path.name, readers)


@pytest.mark.django_db
def test_installed_functions_and_triggers_are_the_latest_files():
    functions, triggers = latest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'imr\\_%'")
        installed = dict(cursor.fetchall())
        cursor.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname LIKE 'imr\\_%'")
        installed_triggers = {name: definition.replace("ON public.", "ON ") for name, definition in cursor.fetchall()}
    helpers = {"imr_guideline_terms", "imr_item_guidelines", "imr_item_guidelines_refresh"}  # called, not triggers
    assert len(functions) == 31 and set(triggers) == set(functions) - helpers
    assert installed == functions
    assert installed_triggers == triggers
