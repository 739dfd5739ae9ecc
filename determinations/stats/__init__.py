"""Outcome statistics: every figure the home, guideline, reviewer and statistics pages show.

The overturn rate is per disputed item: overturned items / all items, like DWC's published figures.

- `models`: the summary tables; database triggers keep them exact, their SQL frozen with the migrations that
  run it (determinations/migrations/sql/, one file per migration).
- `scope`: what the figures are about, the whole archive or one search; built per request by `scope_for`.
- `summary`: a search answered from the summary tables, when they count exactly its items and letters.
- `live`: what they cannot answer, counted from the archived rows in one statement per request.
- `tables`: the charts' data (`Row`, `Table`, `Totals`) and the figures of a scope.
- `profiles`: the figures of the guideline and reviewer pages.
- `views`: the statistics page and its CSVs.

The names below are read from those modules on first use: `determinations.models` imports `stats.models`
while the app's models are still loading, before the other modules can import them.
"""

from __future__ import annotations

from importlib import import_module

_HOMES = {
    "scope": ("ARCHIVE", "Scope", "scope_for"),
    "summary": ("Summary",),
    "tables": ("RATE_DEFINITION", "Row", "STATS_TABLES", "Table", "Totals", "by_category", "by_guideline",
               "by_month", "by_specialty", "by_year", "opioid_share", "opioids", "stats_tables", "totals"),
    "profiles": ("GUIDELINE_TABLES", "GuidelineSummary", "guideline_by_category", "guideline_by_year",
                 "guideline_cited", "guideline_decisions", "guideline_index", "most_cited_guidelines",
                 "reviewer_by_category", "reviewer_index", "specialty_rate"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return [*globals(), *__all__]
