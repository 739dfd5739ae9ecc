"""A search's figures counted from the archived rows, when the summary tables cannot answer it.

One statement per request: the search runs once (its case ids, materialised), the items meeting its item
conditions are joined to those ids once, and each chart is one GROUP BY over them.

Where the search index can answer the search, it counts the letters, their first and last dates and the letters
per month exactly, at any size (`known`: the "cases" part). A search matching more letters than can be counted in a
page's time has its items counted over a uniform random sample of them (`Sample`, drawn by the index): the
statement then groups per letter too, each figure is the sample's scaled to the exact total, and each carries its
95% margin (see `Sample`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

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
    SELECT i.case_id, i.category, i.decision = 'overturned' AS over, i.reviewer_guidelines AS guidelines,
           CASE WHEN i.is_opioid THEN 'opioid' WHEN i.category = 'pharmaceuticals' THEN 'other-pharmaceuticals'
                ELSE 'non-pharmaceutical' END AS opioid_group,  -- tables.opioid_group
           coalesce(extract(year FROM c.decision_date)::int, 0) AS year, coalesce(r.specialty_slug, '') AS specialty
    FROM ({items}) i JOIN c ON c.id = i.case_id LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id)"""
_LIVE_GROUPS = """g AS (SELECT {kind}, guidelines, {letter}count(*) AS n, count(*) FILTER (WHERE over) AS over
    FROM i GROUP BY GROUPING SETS ({sets}))"""
_LIVE_KIND = """CASE WHEN GROUPING(category) = 0 THEN 'category' WHEN GROUPING(opioid_group) = 0 THEN 'opioid-group'
                WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(specialty) = 0 THEN 'specialty'
                WHEN GROUPING(guidelines) = 0 THEN 'guidelines' ELSE 'items' END AS kind,
           CASE WHEN GROUPING(category) = 0 THEN category WHEN GROUPING(opioid_group) = 0 THEN opioid_group
                WHEN GROUPING(year) = 0 THEN year::text WHEN GROUPING(specialty) = 0 THEN specialty
                ELSE '' END AS key"""
# The grouping sets each item part needs: five charts and the totals; the items by their guideline array.
_LIVE_SETS = {"items": ("category", "opioid_group", "year", "specialty", ""), "guideline": ("guidelines",)}
_LIVE_PARTS = {
    "cases": """SELECT 'decisions', '', count(*), 0 FROM c
UNION ALL SELECT 'first', min(decision_date)::text, 0, 0 FROM c
UNION ALL SELECT 'last', max(decision_date)::text, 0, 0 FROM c
UNION ALL SELECT 'month', to_char(date_trunc('month', d), 'YYYY-MM-DD'), sum(n), 0  -- by day, then by month
          FROM (SELECT decision_date AS d, count(*) AS n FROM c WHERE decision_date IS NOT NULL GROUP BY 1) days
          GROUP BY 2""",
    "items": """SELECT kind, key, {letter}n, over FROM g WHERE kind <> 'guidelines'""",
    # each item once per guideline: its array holds each reviewer-cited slug once; a few hundred distinct
    # arrays are unnested, not every item's
    "guideline": """SELECT 'guideline', x, {letter}sum(n), sum(over) FROM g, unnest(g.guidelines) x
          WHERE kind = 'guidelines' GROUP BY {letter}x""",
}
# Over a sample, each figure's sums over the letters of what each letter adds (n, over), and of their squares and
# product: its estimate and its margin (see `Sample`). Only items are counted from a sample (the index counts
# the letters exactly).
_LETTER_SUMS = """SELECT kind, key, sum(n), sum(over), sum(n * n), sum(over * over), sum(n * over)
    FROM ({letters}) letter (kind, key, case_id, n, over) GROUP BY kind, key"""


def live_sql(parts: Iterable[str], per_letter: bool = False) -> tuple[str, bool]:
    """The statement computing `parts` live (placeholders {cases} and {items}), and whether it reads items;
    `per_letter`: rows (kind, key, n, over, n², over², n x over) summed over the letters (_LETTER_SUMS)."""
    parts = [p for p in _LIVE_PARTS if p in set(parts)]
    if per_letter and "cases" in parts:
        raise ValueError("a sample counts items; the letters are counted by the search index, exactly")
    item_parts = [p for p in parts if p in _LIVE_SETS]
    letter = "case_id, " if per_letter else ""
    ctes = [_LIVE_CASES]
    if item_parts:
        lead = ["case_id"] if per_letter else []
        sets = ", ".join(f"({', '.join(lead + ([s] if s else []))})" for p in item_parts for s in _LIVE_SETS[p])
        kind = _LIVE_KIND if "items" in item_parts else "'guidelines' AS kind, '' AS key"  # GROUPING(x): x grouped
        ctes += [_LIVE_ITEMS, _LIVE_GROUPS.replace("{sets}", sets).replace("{kind}", kind).replace("{letter}", letter)]
    chosen = [_LIVE_PARTS[p].replace("{letter}", letter) for p in parts]
    body = "\nUNION ALL ".join(f"({part})" for part in chosen)
    if per_letter:
        body = _LETTER_SUMS.replace("{letters}", body)
    return "WITH " + ",\n".join(ctes) + "\n" + body, bool(item_parts)


Counts = dict[str, dict[str, tuple[int, int]]]  # kind -> key -> (items or letters, overturned items)
Letters = dict[str, dict[str, dict[int, tuple[int, int]]]]  # kind -> key -> case id -> (n, overturned items)
Z95 = 1.96  # a 95% margin: 1.96 standard errors


@dataclass(frozen=True)
class Sample:
    """A uniform random sample of `ids` among the `total` letters matching a search.

    Each letter is one draw: a count (items, overturned items) is estimated as `total` x its mean
    per sampled letter; a rate (overturned items / items) is the sample's own, a ratio estimate. Their margins are
    1.96 standard errors, with the finite-population correction: most of a search's letters may be sampled.
    """

    ids: tuple[int, ...]
    total: int

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def correction(self) -> float:
        """The finite-population correction of a variance: (N - n) / (N - 1)."""
        n, total = self.size, self.total
        return (total - n) / (total - 1) if total > 1 else 0.0

    def scaled(self, sampled: int) -> int:
        return round(sampled * self.total / self.size) if self.size else 0

    def count_margin(self, total: int, squares: int) -> int:
        """The 95% margin of `total` (of all letters) x the mean per sampled letter of a value whose sum over the
        sample is `total` and sum of squares `squares` (letters without it count 0)."""
        n = self.size
        if n < 2:
            return 0
        variance = max(0.0, (squares - total * total / n) / (n - 1))
        return math.ceil(Z95 * self.total * math.sqrt(variance / n * self.correction))

    def rate_margin(self, items: int, over: int, items_sq: int, over_sq: int, product: int) -> float | None:
        """The 95% margin of the ratio over / items, from their sums over the sampled letters, the sums of their
        squares and of their product (None: no item sampled)."""
        n = self.size
        if not items or n < 2:
            return None
        rate = over / items
        deviations = max(0.0, over_sq - 2 * rate * product + rate * rate * items_sq)  # sum of (over - rate x items)²
        return Z95 * math.sqrt(deviations / (n - 1) / n * self.correction) / (items / n)


class LiveCounts:
    """The live figures of one scope: parts among "cases", "items", "guideline", each computed once.

    It belongs to one `Scope`, which lives for one request: the memo is never shared between requests.
    `always` are the parts the summary tables cannot answer for this scope, computed together with the first
    part asked for; `known`, the "cases" part as the search index counted it (exact), when it could.
    """

    def __init__(self, cases: QuerySet, items: QuerySet, always: Iterable[str] = (),
                 sample: Sample | None = None, known: Counts | None = None) -> None:
        self.cases, self.items, self.always, self.sample, self.known = cases, items, tuple(always), sample, known
        self.parts: set[str] = set()  # the parts computed so far
        self.counts: Counts = {}  # with a sample: scaled to its total
        self.margins: dict[str, dict[str, dict]] = {}  # with a sample: kind -> key -> the figures' 95% margins

    def get(self, *parts: str) -> Counts:
        missing = [p for p in dict.fromkeys((*parts, *self.always)) if p not in self.parts]
        self.parts.update(missing)
        if self.known is not None and "cases" in missing:
            self.counts.update(self.known)
            missing.remove("cases")
        if missing and self.sample is not None:
            self._get_sampled(missing)
        elif missing:
            for kind, key, n, over in run(missing, self.cases, self.items):
                self.counts.setdefault(kind, {})[key or ""] = (int(n or 0), int(over or 0))
        return self.counts

    def _get_sampled(self, parts: list[str]) -> None:
        sample = self.sample
        for kind, key, n, over, n_sq, over_sq, product in run(parts, self.cases, self.items, per_letter=True):
            n, over, n_sq, over_sq, product = (int(x or 0) for x in (n, over, n_sq, over_sq, product))
            self.counts.setdefault(kind, {})[key or ""] = (sample.scaled(n), sample.scaled(over))
            self.margins.setdefault(kind, {})[key or ""] = {
                "margin": sample.count_margin(n, n_sq), "over_margin": sample.count_margin(over, over_sq),
                "rate_margin": sample.rate_margin(n, over, n_sq, over_sq, product)}

    def rows(self, kind: str, part: str) -> list[dict]:
        """One chart's grouped rows, most items first, as the summary queries return them; with a sample, each
        with its 95% margins: `margin` (of n), `over_margin` and `rate_margin` (of over / n, a fraction)."""
        ranked = sorted(self.get(part).get(kind, {}).items(), key=lambda kv: (-kv[1][0], kv[0]))
        margins = self.margins.get(kind, {})
        return [{"key": key, "n": n, "over": over, **margins.get(key, {})} for key, (n, over) in ranked]


def run(parts: Iterable[str], cases: QuerySet, items: QuerySet, per_letter: bool = False) -> list[tuple]:
    """The rows (kind, key, n, over) of `parts` for the letters `cases` and the items `items` among theirs
    (`per_letter`: with the sums of squares, see live_sql)."""
    cases_sql, case_params = cases.values("id", "decision_date", "reviewer_id").query.sql_with_params()
    items_sql, item_params = items.order_by().values(*LIVE_ITEM_COLUMNS).query.sql_with_params()
    sql, with_items = live_sql(parts, per_letter)
    with transaction.atomic(), connection.cursor() as cursor:
        # hash the groups in memory, never spill; reach a focused search's rows by index
        cursor.execute(f"SET LOCAL work_mem = '{LIVE_WORK_MEM}'; "
                       f"SET LOCAL random_page_cost = {LIVE_RANDOM_PAGE_COST}")
        cursor.execute(sql.format(cases=cases_sql, items=items_sql), case_params + (item_params if with_items else ()))
        return cursor.fetchall()
