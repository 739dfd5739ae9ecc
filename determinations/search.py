"""The search module: a `Query` in, a `Results` (a page of cases, the total and the facets) out.

Views and exports only talk to `search()`, `ranked_ids()` and `filtered()`. Two engines answer behind them:
the search index (determinations/engine, tantivy: every match ranked, exact totals) when one is registered and
this node has it, else PostgreSQL's full-text search on the stored weighted vector, which also answers case
numbers and the whole archive. Both match the same letters (the index holds PostgreSQL's own lexemes).
"""

from __future__ import annotations

import html
import json
import math
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.http import QueryDict

from determinations.derive import outcomes_with
from determinations.kept import archive_token, kept
from determinations.models import Case, CitedBy, Decision, Outcome
from determinations.names import guideline_label
from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.privacy.display import shown as redact
from determinations.querysets import SEARCH_CONFIG, case_number_fragment, item_match, reviewer_citations, web_query

PER_PAGE = 20
COUNT_CAP = 10_000  # up to this many matches, facets are exact; beyond, the total is counted by a separate
# statement and the facets are estimated from the first COUNT_CAP + 1 matches read (see count_and_facets)
COUNT_BUDGET_MS = 60  # ... which may take this long; only a count that would take longer is estimated
SORTS = ("relevance", "newest", "oldest")
ITEM_SAMPLE = 500  # letters whose matching items the item facets read (each is one index lookup)
OFFER_CAP = 200  # the item search offered for the words is counted up to this many decisions
FACET_LIMIT = 12  # values shown per facet; the rest are reachable through the filters
# Sentinels no letter contains, so the text can be escaped first and the hits marked afterwards.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Query:
    """Everything a search can ask, engine-neutral. Empty values mean "no condition"."""

    q: str = ""
    decision: str = ""
    category: tuple[str, ...] = ()
    item: str = ""
    guideline: tuple[str, ...] = ()
    opioid: bool = False
    outcome: str = ""
    specialty: str = ""
    state: str = ""
    decided_after: date | None = None
    decided_before: date | None = None
    injured_after: date | None = None
    injured_before: date | None = None
    age_min: int | None = None
    age_max: int | None = None
    sex: str = ""
    sort: str = ""
    page: int = 1

    @property
    def effective_sort(self) -> str:
        """Relevance when there are words to rank by, newest otherwise."""
        if self.sort == "relevance" and not self.q.strip():
            return "newest"
        return self.sort or ("relevance" if self.q.strip() else "newest")

    def is_empty(self) -> bool:
        """No condition at all (age 0 is a condition: it leaves out the letters that state no age)."""
        return not any(_is_condition(getattr(self, f.name)) for f in fields(self) if f.name not in ("sort", "page"))

    def to_params(self) -> QueryDict:
        """The query string that asks for this query (what `SearchForm(...).to_query()` reads back)."""
        params = QueryDict(mutable=True)
        for f in fields(self):
            value = getattr(self, f.name)
            if not _is_condition(value) or (f.name == "page" and value == 1):
                continue
            values = value if isinstance(value, tuple) else (value,)
            params.setlist(f.name, [_param(v) for v in values])
        return params

    @property
    def has_item_conditions(self) -> bool:
        return bool(self.decision or self.category or self.item.strip() or self.guideline or self.opioid)

    def item_match(self) -> Q | None:
        """The same-item conditions as one Q on items (None if the search has none)."""
        return item_match(decision=self.decision, categories=self.category, words=self.item,
                          guidelines=self.guideline, opioid=self.opioid)

    def marking(self) -> Q | None:
        """Which items a page marks as matching: the item conditions, else items named by the words."""
        if self.has_item_conditions:
            return self.item_match()
        if self.q.strip() and not case_number_fragment(self.q):
            return Q(description_vector=web_query(self.q))
        return None


def _is_condition(value: object) -> bool:
    """Whether a Query field asks for something: 0 does (`0 == False` in Python, hence no `in` test)."""
    return value is not None and value is not False and value not in ("", ())


def _param(value: object) -> str:
    if value is True:
        return "true"
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ItemOffer:
    """"N decisions where <words> is the disputed treatment": `query` with its words moved to `item`."""

    query: Query
    count: int
    more: bool = False  # more than `count` (counting stops at COUNT_CAP + 1)


@dataclass
class Results:
    query: Query
    cases: list[Case]
    count: int
    facets: dict[str, list[FacetValue]]
    page: int
    num_pages: int
    per_page: int = PER_PAGE
    snippets: dict[int, str] = field(default_factory=dict)
    approximate_facets: bool = False  # the facet counts are estimates from a sample (a broad search)
    approximate_count: bool = False  # the total is the planner's estimate (too broad to count in time)
    ranked_window: int = 0  # by relevance with more matches than it ranks: how many it ranks (the pages stop there)
    item_facets: bool = False  # the decision/category/guideline facets count matching items, not letters
    matching_items: int = 0  # with item conditions: how many items meet them (in the letters counted)
    item_offer: ItemOffer | None = None  # the words name disputed treatments: the same search on the item
    answered_by: str = "postgresql"  # or "index": the search index (determinations/engine) answered
    sample_size: int = 0  # the item counts are estimated from a uniform random sample of this many letters
    sample_margin: int = 0  # ... each within this many items of the true count, at 95% confidence
    facet_sample: int = 0  # the letter counts beside the filters are from a uniform random sample of about this many
    facet_margin: int = 0  # ... each within this many letters of the true count, at 95% confidence

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.count else 0

    @property
    def end_index(self) -> int:
        return min(self.page * self.per_page, self.ranked_window or self.count)


def filtered(query: Query):
    """The cases matching every condition of `query`, in its sort order (a lazy CaseQuerySet)."""
    qs = (
        Case.objects.matching(query.q)
        .with_item(query)
        .with_outcome(query.outcome)
        .by_specialty(query.specialty)
        .licensed_in(query.state)
        .decided_between(query.decided_after, query.decided_before)
        .injured_between(query.injured_after, query.injured_before)
        .aged_between(query.age_min, query.age_max)
        .of_sex(query.sex)
    )
    sort = query.effective_sort
    if sort == "relevance":
        return qs.by_relevance(query.q)
    return qs.oldest() if sort == "oldest" else qs.newest()


def search(query: Query, per_page: int = PER_PAGE, page_rows: bool = False) -> Results:
    """One page of results with the total and the facets, in a fixed number of queries (four to seven).

    By relevance, the statement that counts and facets the matches also ranks them and picks the page. With
    `page_rows`, the cases carry only what the results page shows (see _rows); else whole rows, as exported.
    """
    if not query.is_empty() and (found := indexed_search(query, per_page, page_rows)) is not None:
        return found
    qs = filtered(query)
    asked = (max(1, query.page) - 1) * per_page
    by_relevance = query.effective_sort == "relevance"
    archive = archive_count_and_facets(qs) if query.is_empty() else None  # exact, kept until the archive changes
    if archive is not None:
        (count, facets), approximate, estimated, ranked = archive, False, False, None
    else:
        count, facets, approximate, estimated, ranked = count_and_facets(
            qs, (per_page, asked) if by_relevance else None, query.item_match())
    # By relevance, only the first COUNT_CAP + 1 matches read are ranked: the pages stop there (stated on the
    # page, with the date sorts to list them all), so no page past them is ever empty.
    window = COUNT_CAP + 1 if by_relevance and count > COUNT_CAP + 1 else 0
    num_pages = max(1, math.ceil((window or count) / per_page))
    page = min(max(1, query.page), num_pages)
    offset = (page - 1) * per_page
    if ranked is None or offset != asked:  # sorted by date, or a page number past the end
        with connection.cursor() as cursor:
            cursor.execute(*page_sql(qs, query, offset, per_page))
            ranked = [row[0] for row in cursor.fetchall()]
    cases = _rows(ranked, query.marking(), page_rows) if count else []
    results = Results(query=query, cases=cases, count=count, facets=facets, page=page, num_pages=num_pages,
                      per_page=per_page, snippets=snippets(cases, query.q), approximate_facets=approximate,
                      approximate_count=estimated, ranked_window=window)
    if query.has_item_conditions:
        results.item_facets = True
        results.matching_items = facets.pop("_matching_items", 0)
    results.item_offer = item_offer(query)
    return results


def indexed_search(query: Query, per_page: int = PER_PAGE, page_rows: bool = False) -> Results | None:
    """`search()` answered by the search index (determinations/engine): every match ranked, the total exact, the
    letter facets exact up to reader.FACETS_EXACT_UP_TO matches (beyond, from a uniform random sample, with their
    95% margin); with item conditions, the item counts exact up to ITEM_SAMPLE matching letters, or for any number
    from the summary tables when the search is made of their conditions, else from a uniform random sample of
    ITEM_SAMPLE of the matching letters, with their 95% margin. None when PostgreSQL must answer (see
    engine.usable; a case number)."""
    from determinations.engine import reader
    from determinations.engine.tsquery import Unsupported

    opened = reader.usable()
    if opened is None:
        return None
    index, searcher = opened
    try:
        found = reader.page(index, searcher, query, per_page)
    except Unsupported:
        return None
    counts = {facet: {value: (specialty_label(value) if facet == "specialty" else "", n)
                      for value, n in values.items()} for facet, values in found.counts.items()}
    facets = facet_lists(counts)
    margin, sampled = 0, 0
    if query.has_item_conditions and found.total:
        # more letters than the sample: the summary tables count a search of their conditions exactly
        item_counts = summary_item_counts(query) if found.total > ITEM_SAMPLE else None
        if item_counts is None:
            ids = reader.sample(index, searcher, query, ITEM_SAMPLE)
            item_counts, margin = sampled_item_counts(query, ids, found.total)
            sampled = len(ids) if len(ids) < found.total else 0
        facets.update(item_facet_lists(item_counts))
    cases = _rows(found.ids, query.marking(), page_rows)
    results = Results(query=query, cases=cases, count=found.total, facets=facets,
                      page=found.offset // per_page + 1, num_pages=max(1, math.ceil(found.total / per_page)),
                      per_page=per_page, snippets=snippets(cases, query.q),
                      approximate_facets=bool(sampled or found.sampled), sample_size=sampled, sample_margin=margin,
                      facet_sample=found.sampled, facet_margin=found.margin, answered_by="index")
    if query.has_item_conditions:
        results.item_facets = True
        results.matching_items = facets.pop("_matching_items", 0)
    results.item_offer = item_offer(query, (index, searcher))
    return results


def ranked_ids(query: Query, offset: int, limit: int) -> tuple[int, list[int]] | None:
    """The total and `limit` case ids from `offset` in the results page's own order, when the search index
    answers the search (exports and tables of authorities list what the page lists); None: ask `filtered()`."""
    from determinations.engine import reader
    from determinations.engine.tsquery import Unsupported

    opened = reader.usable() if limit > 0 else None
    if opened is None:
        return None
    try:
        total = reader.count(*opened, query)
        if offset >= total:
            return total, []
        return total, reader.page(*opened, query, per_page=limit, offset=offset, facets=False).ids
    except Unsupported:
        return None


def in_order(ids: list[int], listing, chunk: int = 1000):
    """The cases of `ids` from `listing` (a CaseQuerySet), in the order of `ids`, read `chunk` at a time."""
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        rows = {case.pk: case for case in listing.filter(pk__in=part)}
        yield from (rows[pk] for pk in part if pk in rows)


def summary_item_counts(query: Query) -> dict[str, dict[str, tuple[str, int]]] | None:
    """The item counts of a search made of the summary tables' conditions, exact (stats.summary); else None."""
    from determinations.stats.summary import item_facet_counts

    return item_facet_counts(query)


def sampled_item_counts(query: Query, ids: list[int], total: int) -> tuple[dict[str, dict[str, tuple[str, int]]], int]:
    """The matching items of the sampled letters, counted by decision, category and guideline and scaled to the
    `total` letters; with the largest 95% margin of those estimates (0 when the sample is every letter).

    Each letter is one draw (its number of matching items with a value); the margin is 1.96 standard errors of
    the estimated total, with the finite-population correction."""
    from determinations.models import DisputedItem

    # the sampled letters' items first, by index (item_case_covering), then the conditions on those few: left to
    # itself the planner reads every item matching the words (a GIN scan over the whole archive) instead
    items = DisputedItem.objects.filter(query.item_match()).values_list(
        "case_id", "decision", "category", "reviewer_guidelines")
    sql, params = items.query.sql_with_params()
    table = connection.ops.quote_name(DisputedItem._meta.db_table)
    sql = sql.replace(f"FROM {table}", f"FROM (SELECT * FROM {table} WHERE case_id = ANY(%s) OFFSET 0) {table}", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, (list(ids), *params))
        rows = cursor.fetchall()
    per_letter: dict[tuple[str, str], dict[int, int]] = {}
    for case_id, decision, category, guidelines in rows:
        for key in (("item_total", ""), ("item_decision", decision), ("item_category", category),
                    *(("item_guideline", g) for g in guidelines)):
            letters = per_letter.setdefault(key, {})
            letters[case_id] = letters.get(case_id, 0) + 1
    n = len(ids)
    counts: dict[str, dict[str, tuple[str, int]]] = {}
    margin = 0.0
    for (facet, value), letters in per_letter.items():
        mean = sum(letters.values()) / n
        counts.setdefault(facet, {})[value] = ("", round(total * mean))
        if n < total and n > 1:
            variance = (sum((x - mean) ** 2 for x in letters.values()) + (n - len(letters)) * mean ** 2) / (n - 1)
            margin = max(margin, 1.96 * total * math.sqrt(variance / n * (total - n) / (total - 1)))
    return counts, math.ceil(margin)


_SPECIALTY_LABELS: dict[str, str] = {}


def specialty_label(slug: str) -> str:
    """A specialty's name as the reviewers' rows spell it (kept per process; read again for a slug not seen)."""
    if slug not in _SPECIALTY_LABELS:
        from django.db.models import Min

        from determinations.models import Reviewer

        _SPECIALTY_LABELS.update(Reviewer.objects.exclude(specialty_slug="").values("specialty_slug")
                                 .annotate(label=Min("specialty")).values_list("specialty_slug", "label"))
    return _SPECIALTY_LABELS.get(slug, slug)


def item_offer(query: Query, opened=None) -> ItemOffer | None:
    """When the words name disputed treatments, the search for them as the treatment, with its count."""
    if not query.q.strip() or query.item.strip() or case_number_fragment(query.q):
        return None
    moved = replace(query, q="", item=query.q.strip(), sort="", page=1)
    if opened is not None:  # the search index counts every one
        from determinations.engine import reader

        count = reader.count(*opened, moved)
        return ItemOffer(moved, count) if count else None
    count = filtered(moved).order_by().values("id")[:OFFER_CAP + 1].count()  # one statement, capped
    return ItemOffer(moved, min(count, OFFER_CAP), count > OFFER_CAP) if count else None


class Cite(NamedTuple):
    """A guideline a result's item cites, as the results page links it."""

    slug: str
    title: str


def fold(case: Case, shown_unmatched: int = 3) -> None:
    """The items a result lists: those meeting the search's item conditions first (marked), the rest folded."""
    items = list(case.items.all())
    matched = [i for i in items if getattr(i, "matched", False)]
    if matched:
        case.shown_items, case.folded_items = matched, [i for i in items if not i.matched]
    else:
        case.shown_items, case.folded_items = items[:shown_unmatched], items[shown_unmatched:]


def page_sql(qs, query: Query, offset: int, per_page: int) -> tuple[str, tuple]:
    """The statement that picks the page's ids, in order (also what the benchmark EXPLAINs).

    Relevance ranks the first COUNT_CAP + 1 matches found, as the count-and-facets statement does
    (ranking reads each match's vector).
    """
    if query.effective_sort == "relevance":
        inner = qs.order_by().values("id", "decision_date", "rank")[:COUNT_CAP + 1]  # rank: by_relevance()
        sql, params = inner.query.sql_with_params()
        return (f"SELECT id FROM ({sql}) ranked ORDER BY rank DESC, decision_date DESC NULLS LAST, id DESC "
                "LIMIT %s OFFSET %s", (*params, per_page, offset))
    return qs.values_list("id", flat=True)[offset:offset + per_page].query.sql_with_params()


def _rows(ids: list[int], match: Q | None = None, page_rows: bool = False) -> list[Case]:
    """The page's cases in the order of `ids` (picked by a narrow statement first), their items marked and
    folded (see fold): whole, or with `page_rows` only what a results row shows, each item with `cites`, the
    guidelines its reviewer cited, and `cited`, whether anyone cited one (a few hundred model instances fewer)."""
    listing = Case.objects.filter(pk__in=ids)
    rows = {case.pk: case for case in (listing.for_results_page(match) if page_rows else listing.for_listing(match))}
    cases = [rows[pk] for pk in ids if pk in rows]
    if page_rows:
        items = [item for case in cases for item in case.items.all()]
        citations = reviewer_citations(item.pk for item in items)
        for item in items:
            cited = citations.get(item.pk, [])
            item.cites = [Cite(slug, title) for by, slug, title in cited if by == CitedBy.REVIEWER]
            item.cited = bool(cited)
    for case in cases:
        fold(case)
    return cases


# The filtered set is read once, up to COUNT_CAP + 1 matches, and grouped in one pass (GROUPING SETS: the
# total, outcome, year, reviewer, and each distinct category / guideline array, unnested afterwards from the
# few distinct arrays rather than from every row). Up to COUNT_CAP matches the facets are exact and the total
# comes with them; beyond, exact_count() counts them and the facets, grouped over the first COUNT_CAP + 1
# matches read, are scaled up (estimates, marked as such). By relevance, those COUNT_CAP + 1 are the ones ranked.
_FACET_SQL = """
WITH hits AS MATERIALIZED ({inner} LIMIT %s),
g AS MATERIALIZED (
  SELECT GROUPING(outcome, y, reviewer_id, categories, reviewer_guidelines) AS k,
         outcome, y, reviewer_id, categories, reviewer_guidelines, count(*) AS n
  FROM (SELECT outcome, date_part('year', decision_date)::int AS y, reviewer_id, categories, reviewer_guidelines
        FROM hits) h
  GROUP BY GROUPING SETS ((), (outcome), (y), (reviewer_id), (categories), (reviewer_guidelines))
)
SELECT 'total', '', '', n FROM g WHERE k = 31
UNION ALL SELECT 'outcome', outcome, '', n FROM g WHERE k = 15
UNION ALL SELECT 'year', y::text, '', n FROM g WHERE k = 23 AND y IS NOT NULL
UNION ALL SELECT 'category', c, '', sum(n)::bigint FROM g, unnest(g.categories) c WHERE k = 29 GROUP BY c
UNION ALL SELECT 'guideline', x, '', sum(n)::bigint FROM g, unnest(g.reviewer_guidelines) x WHERE k = 30 GROUP BY x
UNION ALL SELECT 'specialty', r.specialty_slug, min(r.specialty), sum(n)::bigint
          FROM g JOIN determinations_reviewer r ON r.id = g.reviewer_id WHERE k = 27 GROUP BY r.specialty_slug
"""
# By relevance, the same statement ranks the matches it read and returns the page's ids with their places.
_RANKED_PAGE_SQL = """
UNION ALL SELECT 'page', id::text, '', row_number() OVER (ORDER BY rank DESC, decision_date DESC NULLS LAST, id DESC)
          FROM (SELECT id, rank, decision_date FROM hits
                ORDER BY rank DESC, decision_date DESC NULLS LAST, id DESC LIMIT %s OFFSET %s) page
"""


# With item conditions, the same statement reads the matching items of the first ITEM_SAMPLE of those letters
# (an index lookup per letter on item_case_covering: LATERAL with OFFSET 0, which the planner cannot flatten into
# a join over every item meeting the conditions, keeps it a nested loop) and groups them for the
# item facets; beyond ITEM_SAMPLE letters the item counts are scaled up (estimates, marked as such).
_ITEM_FACET_CTES = """,
im AS MATERIALIZED (SELECT x.decision, x.category, x.reviewer_guidelines
                    FROM (SELECT id FROM hits LIMIT {sample}) h, LATERAL ({items} OFFSET 0) x),
ig AS MATERIALIZED (
  SELECT GROUPING(decision, category, reviewer_guidelines) AS k, decision, category, reviewer_guidelines, count(*) AS n
  FROM im GROUP BY GROUPING SETS ((), (decision), (category), (reviewer_guidelines))
)
"""
_ITEM_FACET_SQL = """
UNION ALL SELECT 'item_total', '', '', n FROM ig WHERE k = 7
UNION ALL SELECT 'item_decision', decision, '', n FROM ig WHERE k = 3
UNION ALL SELECT 'item_category', category, '', n FROM ig WHERE k = 5
UNION ALL SELECT 'item_guideline', x, '', sum(n)::bigint FROM ig, unnest(ig.reviewer_guidelines) x WHERE k = 6
          GROUP BY x
"""


def facet_sql(qs, ranked_page: tuple[int, int] | None = None, item_match: Q | None = None,
              read_all: bool = False) -> tuple[str, tuple]:
    """The count-and-facets statement over a filtered queryset (also what the benchmark EXPLAINs).

    With `ranked_page` (limit, offset) and a queryset sorted by relevance, it also returns that page's ids.
    With `item_match` (the search's item conditions), it also counts the matching items of the letters read.
    With `read_all`, it reads every match, not the first COUNT_CAP + 1.
    """
    from django.db.models.expressions import RawSQL

    from determinations.models import DisputedItem

    columns = ["id", "outcome", "categories", "reviewer_guidelines", "decision_date", "reviewer_id"]
    inner = qs.order_by().values(*columns, *(["rank"] if ranked_page else []))
    sql, params = inner.query.sql_with_params()
    item_ctes, item_params, item_selects = "", (), ""
    if item_match is not None:
        items = DisputedItem.objects.filter(item_match, case_id=RawSQL("h.id", ())).order_by().values(
            "decision", "category", "reviewer_guidelines")
        items_sql, item_params = items.query.sql_with_params()
        item_ctes, item_selects = _ITEM_FACET_CTES.format(items=items_sql, sample=ITEM_SAMPLE), _ITEM_FACET_SQL
    head, body = _FACET_SQL.format(inner=sql).split("\nSELECT 'total'", 1)
    statement = head + item_ctes + "\nSELECT 'total'" + body + item_selects + (_RANKED_PAGE_SQL if ranked_page else "")
    return statement, (*params, None if read_all else COUNT_CAP + 1, *item_params, *(ranked_page or ()))


def estimated_count(qs) -> int:
    """The planner's row estimate: what a result set too broad to count in time is reported as."""
    sql, params = qs.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


COUNT_SETTINGS = "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"


def count_sql(qs) -> tuple[str, tuple]:
    """The exact count of a filtered queryset, run with COUNT_SETTINGS (also what the benchmark EXPLAINs)."""
    sql, params = qs.order_by().values("id").query.sql_with_params()
    return f"SELECT count(*) FROM ({sql}) matches", params


# Exact counts a process has made, per state of the archive: paging through a broad search, re-sorting it or coming
# back to it counts it once. A count over its budget is remembered too (for OVER_BUDGET_KEPT_S: the budget is
# wall-clock time, so a busy moment should not decide for long), so the next page goes straight to the estimate.
_COUNTS: OrderedDict[tuple[str, str, str], tuple[int | None, float]] = OrderedDict()
COUNTS_KEPT = 2000
OVER_BUDGET_KEPT_S = 300


def exact_count(qs) -> int | None:
    """The exact number of matches, or None if counting them would take more than COUNT_BUDGET_MS; kept per
    process for as long as the archive's token is the one read before counting (any write renews it)."""
    sql, params = count_sql(qs)
    token = archive_token()
    key = (token or "", sql, repr(params))
    if token is not None and key in _COUNTS:
        total, when = _COUNTS[key]
        if total is not None or time.monotonic() - when < OVER_BUDGET_KEPT_S:
            _COUNTS.move_to_end(key)
            return total
    total = _count_within_budget(sql, params)
    if token is not None and archive_token() == token:
        _COUNTS[key] = (total, time.monotonic())
        _COUNTS.move_to_end(key)
        while len(_COUNTS) > COUNTS_KEPT:
            _COUNTS.popitem(last=False)
    return total


def _count_within_budget(sql: str, params) -> int | None:
    """Sequential scans are off for this one statement: a broad full-text or array condition is counted
    fastest from its GIN bitmap, whose heap visits PostgreSQL skips on all-visible pages (a saving the
    planner does not cost), where the planner would otherwise read the whole case heap. JIT is off too: a
    scan that must stay sequential is costed as "disabled", which would otherwise set off JIT compilation.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true), " + COUNT_SETTINGS,
                           [str(int(COUNT_BUDGET_MS))])
            cursor.execute(sql, params)
            total = cursor.fetchone()[0]
            # back to the session's values, in case this ran inside a longer transaction
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT; SET LOCAL enable_seqscan TO DEFAULT; "
                           "SET LOCAL jit TO DEFAULT")
            return total
    except OperationalError:  # statement_timeout: the savepoint's rollback also undid the settings
        return None


def count_and_facets(qs, ranked_page: tuple[int, int] | None = None, item_match: Q | None = None,
                     read_all: bool = False) -> tuple[int, dict[str, list[FacetValue]], bool, bool, list[int] | None]:
    """The total, the facets, whether the facets are estimates and whether the total is: 1-3 statements.
    With `ranked_page` (limit, offset; relevance order), also the ids of that page, else None.

    Up to COUNT_CAP matches are counted with the facets; beyond, exact_count() counts them, and only when
    that would take more than COUNT_BUDGET_MS is the total the planner's estimate. Up to COUNT_CAP
    matches the facets are exact; beyond, they are scaled from the COUNT_CAP + 1 matches read. With
    `read_all`, every match is read: all exact.
    """
    with connection.cursor() as cursor:
        cursor.execute(*facet_sql(qs, ranked_page, item_match, read_all))
        rows = cursor.fetchall()
    counts: dict[str, dict[str, tuple[str, int]]] = {}
    for facet, value, label, n in rows:
        counts.setdefault(facet, {})[value] = (label, n)
    places = counts.pop("page", {})
    ranked = [int(pk) for pk, _ in sorted(places.items(), key=lambda kv: kv[1][1])] if ranked_page else None
    total = sample = counts.pop("total", {}).get("", ("", 0))[1]
    estimated = False
    if not read_all and total > COUNT_CAP:
        exact = exact_count(qs)
        estimated = exact is None
        # too broad to count in time: the planner's estimate, never below what was seen
        total = max(COUNT_CAP + 1, estimated_count(qs)) if estimated else exact
    scale = total / sample if sample and sample < total else 1
    for facet, values in counts.items():
        if facet.startswith("item_"):  # scaled by the letters they read, below
            continue
        for key, (label, n) in values.items():
            values[key] = (label, round(n * scale))
    facets = facet_lists(counts)
    if item_match is not None:  # with item conditions, these three count the matching items
        read = min(sample, ITEM_SAMPLE)
        item_scale = total / read if read and read < total else 1
        scale = max(scale, item_scale)
        for key in ("item_total", "item_decision", "item_category", "item_guideline"):
            for value, (label, n) in counts.get(key, {}).items():
                counts[key][value] = (label, round(n * item_scale))
        facets.update(item_facet_lists(counts))
    return total, facets, scale != 1 or estimated, estimated, ranked


def facet_lists(counts: dict[str, dict[str, tuple[str, int]]]) -> dict[str, list[FacetValue]]:
    """The facet groups a page shows from the counts ({facet: {value: (label, letters)}}), labelled and ranked."""
    outcome = {k: n for k, (_, n) in counts.get("outcome", {}).items()}
    decision = [FacetValue(d, label, sum(outcome.get(o, 0) for o in outcomes_with(d))) for d, label in Decision.choices]
    return {
        "decision": [v for v in decision if v.count],
        "outcome": _ranked(counts.get("outcome", {}), lambda v: dict(Outcome.choices).get(v, v)),
        "category": _ranked(counts.get("category", {}), lambda v: TREATMENT_CATEGORIES.get(v, v)),
        "guideline": _ranked(counts.get("guideline", {}), guideline_label),
        "specialty": _ranked(_merge_specialties(counts.get("specialty", {})), None),
        "year": sorted((FacetValue(v, v, n) for v, (_, n) in counts.get("year", {}).items()),
                       key=lambda f: f.value, reverse=True),
    }


def item_facet_lists(counts: dict[str, dict[str, tuple[str, int]]]) -> dict[str, list[FacetValue] | int]:
    """With item conditions, the decision, category and guideline groups count matching items, not letters."""
    labels = {"upheld": "Upheld", "overturned": "Overturned"}
    return {
        "decision": _ranked(counts.get("item_decision", {}), lambda v: labels.get(v, v)),
        "category": _ranked(counts.get("item_category", {}), lambda v: TREATMENT_CATEGORIES.get(v, v)),
        "guideline": _ranked(counts.get("item_guideline", {}), guideline_label),
        "_matching_items": counts.get("item_total", {}).get("", ("", 0))[1],
    }


ARCHIVE_RECOUNT_S = 60  # a process reads the whole archive at most this often (it takes ~0.2 s per 100,000 letters)
_ARCHIVE_READ = [float("-inf")]  # time.monotonic() of this process's last whole read


def archive_count_and_facets(qs) -> tuple[int, dict[str, list[FacetValue]]] | None:
    """The whole archive's total and facets, exact: counted once per process for each state of the archive.
    None when the archive changed again within ARCHIVE_RECOUNT_S of the last whole read (a bulk ingest): the
    search is then counted as any other, from its first matches (see count_and_facets).

    Kept only if the token read before counting is still the token after it (no write committed in between),
    so what is kept is exactly what that token stands for; any later write changes the token.
    """

    def read_whole() -> tuple[int, dict[str, list[FacetValue]]] | None:
        if time.monotonic() - _ARCHIVE_READ[0] < ARCHIVE_RECOUNT_S:
            return None
        _ARCHIVE_READ[0] = time.monotonic()
        total, facets, *_ = count_and_facets(qs, read_all=True)
        return total, facets

    found = kept("the whole archive's count and facets", read_whole)
    return (found[0], dict(found[1])) if found else None


def _merge_specialties(values: dict[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """One facet value per specialty, its spellings' counts added (Family Medicine = Family Practice)."""
    from determinations.names import canonical_specialty

    merged: dict[str, tuple[str, int]] = {}
    for slug, (label, n) in values.items():
        key = canonical_specialty(slug)
        old_label, old_n = merged.get(key, ("", 0))
        merged[key] = (label if slug == key or not old_label else old_label, old_n + n)
    return merged


def _ranked(values: dict[str, tuple[str, int]], label) -> list[FacetValue]:
    ranked = sorted(values.items(), key=lambda kv: (-kv[1][1], kv[0]))[:FACET_LIMIT]
    return [FacetValue(v, label(v) if label else (lbl or v), n) for v, (lbl, n) in ranked if v]


def snippets(cases: Iterable[Case], text: str, max_words: int = 40) -> dict[int, str]:
    """Safe HTML per case: the letter's summary and rationale around the query's hits, hits in <mark>.

    Only the page's rows are headlined (ts_headline is costly). The text is escaped before the marks go
    in, so nothing from a letter can ever become markup.
    """
    ids = [c.pk for c in cases]
    if not ids:
        return {}
    body = Concat("summary_text", Value("\n"), "rationale_text", output_field=TextField())
    if text.strip():
        headline = SearchHeadline(
            body, web_query(text), config=SEARCH_CONFIG, start_sel=_START, stop_sel=_STOP,
            max_words=max_words, min_words=15, max_fragments=2, fragment_delimiter=" … ",
        )
        rows = Case.objects.filter(pk__in=ids).annotate(snippet=headline).values_list("pk", "snippet")
    else:
        rows = Case.objects.filter(pk__in=ids).annotate(snippet=F("summary_text")).values_list("pk", "snippet")
    return {pk: mark(snippet if text.strip() else _first_words(snippet, max_words)) for pk, snippet in rows}


def mark(headline: str) -> str:
    """Escape the text, then turn the sentinels into <mark> tags."""
    return html.escape(redact(headline or "")).replace(_START, "<mark>").replace(_STOP, "</mark>")


def _first_words(text: str, n: int) -> str:
    words = (text or "").split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")
