"""The latest version of a frozen SQL file of determinations/migrations/sql/ (the recounts the tests compare with)."""

from __future__ import annotations

from pathlib import Path

import determinations

SQL = Path(determinations.__file__).parent / "migrations" / "sql"


def latest_sql(name: str) -> str:
    """The text of the newest NNNN_`name`.sql."""
    return sorted(SQL.glob(f"[0-9][0-9][0-9][0-9]_{name}.sql"))[-1].read_text()
