"""A search's figures counted from the archived rows, when the summary tables cannot answer it.

One statement per request: the search runs once (its case ids, materialised), the items meeting its item
conditions are joined to those ids once, and each chart is one GROUP BY over them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet

# Memory for the one statement behind a search's statistics (PostgreSQL's default, 4 MB, spills to disk).
LIVE_WORK_MEM = "64MB"
# A focused search's items and citations are reached by index from its case ids (a few thousand probes) rather
# than by hashing whole tables: PostgreSQL's default (4) prices a random read as if from a spinning disk.
LIVE_RANDOM_PAGE_COST = 1.1
# What the live statement reads of each matching item: all in the `item_case_covering` index (index-only scan).
LIVE_ITEM_COLUMNS = ("case_id", "category", "is_opioid", "decision", "reviewer_guidelines")


# The live statement, by part. `c`: the search's case ids (from the narrow case_newest index when the
# conditions allow), read once; `i`: the items meeting the item conditions, joined to them by id once and
# grouped in one pass (`g`, GROUPING SETS) for every item chart, the totals and the guideline chart. `i` has
# that one reader, so PostgreSQL streams it into the grouping instead of materialising 130,000 rows.
_LIVE_CASES = """c AS MATERIALIZED (SELECT id, decision_date, reviewer_id FROM ({cases}) c)"""
_LIVE_ITEMS = """i AS (
    SELECT i.category, i.is_opioid, i.decision = 'overturned' AS over, i.reviewer_guidelines AS guidelines,
           coalesce(extract(year FROM c.decision_date)::int, 0) AS year, coalesce(r.specialty_slug, '') AS specialty
    FROM ({items}) i JOIN c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id)"""
_LIVE_GROUPS = """g AS (SELECT {kind}, guidelines, count(*) AS n, count(*) FILTER (WHERE over) AS over
    FROM i GROUP BY GROUPING SETS ({sets}))"""
_LIVE_KIND = """CASE WHEN GROUPING(category) = 0 THEN 'opioids' WHEN GROUPING(year) = 0 THEN 'year'
                WHEN GROUPING(specialty) = 0 THEN 'specialty' WHEN GROUPING(guidelines) = 0 THEN 'guidelines'
                ELSE 'items' END AS kind,
           CASE WHEN GROUPING(category) = 0 THEN category || ':' || is_opioid::text
                WHEN GROUPING(year) = 0 THEN year::text WHEN GROUPING(specialty) = 0 THEN specialty
                ELSE '' END AS key"""
# The grouping sets each item part needs: four charts and the totals; the items by their guideline array.
_LIVE_SETS = {"items": "(category, is_opioid), (year), (specialty), ()", "guideline": "(guidelines)"}
_LIVE_PARTS = {
    "cases": """SELECT 'decisions', '', count(*), 0 FROM c
UNION ALL SELECT 'first', min(decision_date)::text, 0, 0 FROM c
UNION ALL SELECT 'last', max(decision_date)::text, 0, 0 FROM c
UNION ALL SELECT 'month', to_char(date_trunc('month', d), 'YYYY-MM-DD'), sum(n), 0  -- by day, then by month
          FROM (SELECT decision_date AS d, count(*) AS n FROM c WHERE decision_date IS NOT NULL GROUP BY 1) days
          GROUP BY 2""",
    "items": """SELECT kind, key, n, over FROM g WHERE kind <> 'guidelines'""",
    # each item once per guideline: its array holds each reviewer-cited slug once; a few hundred distinct
    # arrays are unnested, not every item's
    "guideline": """SELECT 'guideline', x, sum(n), sum(over) FROM g, unnest(g.guidelines) x
          WHERE kind = 'guidelines' GROUP BY x""",
}


def live_sql(parts: Iterable[str]) -> tuple[str, bool]:
    """The statement computing `parts` live (placeholders {cases} and {items}), and whether it reads items."""
    parts = [p for p in _LIVE_PARTS if p in set(parts)]
    item_parts = [p for p in parts if p in _LIVE_SETS]
    ctes = [_LIVE_CASES]
    if item_parts:
        sets = ", ".join(_LIVE_SETS[p] for p in item_parts)
        kind = _LIVE_KIND if "items" in item_parts else "'guidelines' AS kind, '' AS key"  # GROUPING(x): x grouped
        ctes += [_LIVE_ITEMS, _LIVE_GROUPS.replace("{sets}", sets).replace("{kind}", kind)]
    body = "\nUNION ALL ".join(f"({_LIVE_PARTS[p]})" for p in parts)
    return "WITH " + ",\n".join(ctes) + "\n" + body, bool(item_parts)


Counts = dict[str, dict[str, tuple[int, int]]]  # kind -> key -> (items or letters, overturned items)


class LiveCounts:
    """The live figures of one scope: parts among "cases", "items", "guideline", each computed once.

    It belongs to one `Scope`, which lives for one request: the memo is never shared between requests.
    `always` are the parts the summary tables cannot answer for this scope, computed together with the first
    part asked for.
    """

    def __init__(self, cases: QuerySet, items: QuerySet, always: Iterable[str] = ()) -> None:
        self.cases, self.items, self.always = cases, items, tuple(always)
        self.parts: set[str] = set()  # the parts computed so far
        self.counts: Counts = {}

    def get(self, *parts: str) -> Counts:
        missing = [p for p in (*parts, *self.always) if p not in self.parts]
        if missing:
            self.parts.update(missing)
            for kind, key, n, over in run(missing, self.cases, self.items):
                self.counts.setdefault(kind, {})[key or ""] = (int(n or 0), int(over or 0))
        return self.counts

    def rows(self, kind: str, part: str) -> list[dict]:
        """One chart's grouped rows, most items first, as the summary queries return them."""
        ranked = sorted(self.get(part).get(kind, {}).items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [{"key": key, "n": n, "over": over} for key, (n, over) in ranked]


def run(parts: Iterable[str], cases: QuerySet, items: QuerySet) -> list[tuple]:
    """The rows (kind, key, n, over) of `parts` for the letters `cases` and the items `items` among theirs."""
    cases_sql, case_params = cases.values("id", "decision_date", "reviewer_id").query.sql_with_params()
    items_sql, item_params = items.order_by().values(*LIVE_ITEM_COLUMNS).query.sql_with_params()
    sql, with_items = live_sql(parts)
    with transaction.atomic(), connection.cursor() as cursor:
        # hash the groups in memory, never spill; reach a focused search's rows by index
        cursor.execute(f"SET LOCAL work_mem = '{LIVE_WORK_MEM}'; "
                       f"SET LOCAL random_page_cost = {LIVE_RANDOM_PAGE_COST}")
        cursor.execute(sql.format(cases=cases_sql, items=items_sql), case_params + (item_params if with_items else ()))
        return cursor.fetchall()
