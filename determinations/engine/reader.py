"""The reading side of the search index: a search's conditions as one tantivy query, and a results page's work
(the exact total, the page's case ids ranked over every match, the five facet groups exact, a uniform random
sample of the matches).

The words go through PostgreSQL first (`websearch_to_tsquery`, see engine/tsquery.py), so they match exactly the
letters the archive's own full-text search matches; every other condition mirrors `CaseQuerySet`'s, value for value.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection

from determinations.engine import (
    ANY,
    BOOSTS,
    BUCKETS,
    DEFAULT,
    FACETS,
    LAYOUT,
    LAYOUT_FILE,
    open_index,
    yyyymmdd,
)
from determinations.engine.tsquery import And, Node, Not, Phrase, Term, Unsupported, lexemes, parse

AGGREGATIONS = {name: {"terms": {"field": field, "size": 10_000}} for name, field in FACETS.items()}
# Above FACETS_EXACT_UP_TO matches the facet groups are counted over a uniform random sample of about FACET_SAMPLE of
# them (every case of the first k buckets: each drawn with probability k/BUCKETS), scaled up, with their margin;
# the total stays exact. Aggregating every match grows with the matches (~0.3 ms per 1,000 on this machine).
FACETS_EXACT_UP_TO = 50_000
CATCH_UP_IN_REQUEST = 100  # queued cases a search may write into the index first (more: PostgreSQL answers)
FACET_SAMPLE = 20_000
_OPEN: dict[str, object] = {}
logger = logging.getLogger(__name__)


@dataclass
class Page:
    """What the index answers for one results page."""

    total: int
    ids: list[int]  # the page's case ids, in order
    counts: dict[str, dict[str, int]]  # facet -> value -> letters (estimated when `sampled`)
    offset: int
    sampled: int = 0  # the counts are from a uniform random sample of this many matching letters (0: every one)
    margin: int = 0  # ... each within this many letters of the true count, at 95% confidence


def searcher(name: str = DEFAULT):
    """The index `name` at its latest commit, for this process (opened once per directory)."""
    from determinations.engine import _directory

    directory = _directory(name)
    if directory is None:
        raise LookupError(f"no search index {name!r}: run manage.py rebuild_search_index")
    return _at(str(directory))


def _at(directory: str):
    index = _OPEN.get(directory)
    if index is None:  # a new directory (rebuilt): the old one, deleted, is let go
        _OPEN.clear()
        index = _OPEN[directory] = open_index(directory)
    index.reload()
    return index, index.searcher()


def usable():
    """(index, searcher) to answer this request's search from, or None for PostgreSQL to answer it: the engine is
    off (SEARCH_ENGINE=postgres), no index is registered, this node lacks the registered index's directory, or
    the index is behind the archive (cases queued) and another process is catching it up right now."""
    from determinations.engine import catch_up

    if getattr(settings, "SEARCH_ENGINE", "auto") == "postgres":
        return None
    name = getattr(settings, "SEARCH_INDEX", DEFAULT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT s.directory, EXISTS (SELECT 1 FROM determinations_searchindexqueue q "
                       "WHERE q.index_name = s.name) FROM determinations_searchindex s WHERE s.name = %s", [name])
        row = cursor.fetchone()
    if not row or not row[0] or not Path(row[0]).is_dir():
        return None
    if _layout(row[0]) != LAYOUT:
        logger.warning("search index %r at %s has another layout than %s: run manage.py rebuild_search_index; "
                       "PostgreSQL answers until then", name, row[0], LAYOUT)
        return None
    if row[1]:  # written since the index's last catch-up (by something that did not catch it up itself)
        try:  # a request writes one small batch at most: more is ingestion's or --catch-up's
            catch_up(name, batch=CATCH_UP_IN_REQUEST, wait=False, rounds=1)
        except OperationalError:  # another process holds the index: it is catching up; PostgreSQL answers
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM determinations_searchindexqueue WHERE index_name = %s)",
                           [name])
            if cursor.fetchone()[0]:
                return None
    return _at(row[0])


def _layout(directory: str) -> str:
    try:
        return (Path(directory) / LAYOUT_FILE).read_text().strip()
    except OSError:
        return ""


def word_queries(*texts: str) -> list[Node | None]:
    """Each text's query as PostgreSQL reads it (one statement for all)."""
    from determinations.derive import SEARCH_CONFIG

    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["websearch_to_tsquery(%s::regconfig, %s)::text"] * len(texts)),
                       [v for text in texts for v in (SEARCH_CONFIG, text)])
        return [parse(text) for text in cursor.fetchone()]


def compile_words(index, node: Node | None, field: str, everything, prefix: str = ""):
    """A word tree as a tantivy query on `field` (its lexemes prefixed by `prefix`); `everything` is what a
    negation is taken from (every letter, or every item in one place)."""
    from tantivy import Occur, Query

    schema = index.schema
    if node is None:  # only stop words: PostgreSQL matches nothing
        return Query.empty_query()
    if isinstance(node, Term):
        return Query.term_query(schema, field, prefix + node.lexeme)
    if isinstance(node, Phrase):
        return Query.phrase_query(schema, field, [(offset, prefix + word) for offset, word in node.words])
    if isinstance(node, Not):
        return Query.boolean_query([(Occur.Must, everything),
                                    (Occur.MustNot, compile_words(index, node.part, field, everything, prefix))])
    if isinstance(node, And):
        clauses = [(Occur.MustNot, compile_words(index, part.part, field, everything, prefix)) if isinstance(part, Not)
                   else (Occur.Must, compile_words(index, part, field, everything, prefix)) for part in node.parts]
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, everything))
        return Query.boolean_query(clauses)
    return Query.boolean_query([(Occur.Should, compile_words(index, part, field, everything, prefix))
                                for part in node.parts])


def item_slots(searcher) -> int:
    """How many item places any letter of the index has (the item-words query asks each one)."""
    slots = 0
    while searcher.doc_freq("item_slots", f"{slots}|"):
        slots += 1
    return slots


def tantivy_query(index, searcher, query, words: Node | None = None, item_words: Node | None = None):
    """The search's conditions as one tantivy query: the words' clauses score (BM25 over the weighted fields, as
    ts_rank weighs A, B and C), every other clause is a filter scoring 0."""
    from tantivy import Occur, Query

    from determinations.derive import outcomes_with
    from determinations.querysets import case_number_fragment, expand_guidelines

    schema = index.schema
    everything = Query.all_query()
    must, scored = [], []

    def keep(q) -> None:
        must.append(Query.const_score_query(q, 0.0))

    if query.q.strip():
        if case_number_fragment(query.q):
            raise Unsupported("a case number: PostgreSQL's index answers it")
        keep(compile_words(index, words, "words", everything))
        scored = [Query.boost_query(Query.term_query(schema, field, lexeme), boost)
                  for lexeme in dict.fromkeys(lexemes(words)) for field, boost in BOOSTS.items()]

    decision, categories, guidelines = query.decision, list(query.category), expand_guidelines(query.guideline)
    conditions = sum(map(bool, (decision, categories, query.item.strip(), guidelines, query.opioid)))
    if conditions == 1 and not (query.item.strip() or query.opioid):  # CaseQuerySet.with_item's one-condition rule
        if decision:
            keep(Query.term_set_query(schema, "outcome", list(outcomes_with(decision))))
        elif categories:
            keep(Query.term_set_query(schema, "categories", categories))
        else:
            keep(Query.term_set_query(schema, "cited", guidelines))
    elif conditions:
        keys = ["|".join(parts) for parts in itertools.product(
            (decision or ANY,), categories or (ANY,), ("op" if query.opioid else ANY,), guidelines or (ANY,))]
        keys = [k for k in keys if k != "|".join([ANY] * 4)]
        if not query.item.strip():
            keep(Query.term_set_query(schema, "item_keys", keys))
        else:  # the words and the other item conditions on one and the same item: one clause per item place
            places = []
            for slot in range(item_slots(searcher)):
                here = Query.term_query(schema, "item_slots", f"{slot}|")
                clauses = [(Occur.Must, compile_words(index, item_words, "item_words", here, prefix=f"{slot}:"))]
                if keys:
                    slotted = [f"{slot}|{k}" for k in keys]
                    clauses.append((Occur.Must, Query.term_set_query(schema, "item_slots", slotted)))
                places.append((Occur.Should, Query.boolean_query(clauses)))
            keep(Query.boolean_query(places) if places else Query.empty_query())
    for condition in case_filters(schema, query):
        keep(condition)
    if not must:
        return everything
    return Query.boolean_query([(Occur.Must, q) for q in must] + [(Occur.Should, q) for q in scored])


def case_filters(schema, query) -> list:
    """The letter's own conditions (CaseQuerySet's with_outcome, by_specialty, licensed_in, decided_between,
    injured_between, aged_between, of_sex), as tantivy queries."""
    import tantivy
    from tantivy import Query

    from determinations.names import specialty_group
    from determinations.parsing.vocabulary import STATES

    filters = []
    if query.outcome:
        filters.append(Query.term_query(schema, "outcome", query.outcome))
    if query.specialty:
        filters.append(Query.term_set_query(schema, "specialty", specialty_group(query.specialty)))
    if state := (STATES.get(query.state.strip().upper(), query.state.strip()) if query.state else ""):
        filters.append(Query.term_query(schema, "states", state))
    if query.sex:
        filters.append(Query.term_query(schema, "sex", query.sex))
    for field, low, high in (("decided", query.decided_after, query.decided_before),
                             ("injured", query.injured_after, query.injured_before)):
        if low or high:
            filters.append(Query.range_query(schema, field, tantivy.FieldType.Integer, yyyymmdd(low) if low else 0,
                                             yyyymmdd(high) if high else 99991231))
    if query.age_min is not None or query.age_max is not None:
        filters.append(Query.range_query(schema, "age", tantivy.FieldType.Integer,
                                         query.age_min if query.age_min is not None else -1,
                                         query.age_max if query.age_max is not None else 10_000))
    return filters


def prepared(index, searcher, query):
    """`query` as a tantivy query (raises Unsupported for what PostgreSQL must answer)."""
    words, item_words = (word_queries(query.q, query.item) if query.q.strip() or query.item.strip()
                         else (None, None))
    return tantivy_query(index, searcher, query, words, item_words)


def page(index, searcher, query, per_page: int = 20, offset: int | None = None, facets: bool = True) -> Page:
    """A results page's work: the exact total, the page's case ids (every match ranked; newest or oldest first
    by the date, then the id, as PostgreSQL sorts) and the five facet groups, exact."""
    q = prepared(index, searcher, query)
    if offset is None:
        offset = (max(1, query.page) - 1) * per_page
    result = _ordered(searcher, q, query.effective_sort, per_page, offset)
    if offset and offset >= result.count:  # past the last page: the last page
        offset = max(0, (result.count - 1) // per_page * per_page)
        result = _ordered(searcher, q, query.effective_sort, per_page, offset)
    ids = searcher.fast_field_values("id", [address for _, address in result.hits])
    found = Page(result.count, ids, {}, offset)
    if facets and result.count:
        _count_facets(index, searcher, q, found)
    return found


def _count_facets(index, searcher, q, found: Page) -> None:
    """The facet groups over every match, or, above FACETS_EXACT_UP_TO, over a Bernoulli sample of them (each
    letter in with probability p = k/BUCKETS): a value seen c times is estimated at c/p, its variance c(1-p)/p²."""
    from tantivy import Occur, Query

    buckets = BUCKETS if found.total <= FACETS_EXACT_UP_TO else max(1, -(-FACET_SAMPLE * BUCKETS // found.total))
    if buckets < BUCKETS:
        q = Query.boolean_query([(Occur.Must, q), (Occur.Must, Query.term_set_query(
            index.schema, "bucket", [str(b) for b in range(buckets)]))])
    groups = searcher.aggregate(q, AGGREGATIONS)
    counts = {name: {str(b["key"]): b["doc_count"] for b in groups[name]["buckets"]} for name in FACETS}
    if buckets == BUCKETS:
        found.counts = counts
        return
    p = buckets / BUCKETS
    found.counts = {name: {v: round(c / p) for v, c in values.items()} for name, values in counts.items()}
    found.sampled = round(found.total * p)
    found.margin = math.ceil(max((1.96 * math.sqrt(c * (1 - p)) / p for values in counts.values()
                                  for c in values.values()), default=0))


def _ordered(searcher, q, sort: str, limit: int, offset: int):
    import tantivy

    if sort == "relevance":
        return searcher.search(q, limit, count=True, offset=offset)
    order = tantivy.Order.Asc if sort == "oldest" else tantivy.Order.Desc
    return searcher.search(q, limit, count=True, offset=offset, order_by_field=sort, order=order)


def count(index, searcher, query) -> int:
    """How many letters meet `query`."""
    return searcher.search(prepared(index, searcher, query), 1, count=True).count


def sample(index, searcher, query, size: int) -> list[int]:
    """A uniform random sample of `size` of the letters meeting `query` (all of them when fewer): the first in
    the fixed pseudo-random order of `engine.shuffled`."""
    return counted_sample(searcher, prepared(index, searcher, query), size)[1]


def counted_sample(searcher, q, size: int) -> tuple[int, list[int]]:
    """How many letters meet the `prepared` query `q`, and a uniform random sample of `size` of them (see
    `sample`): one pass."""
    import tantivy

    result = searcher.search(q, size, count=True, order_by_field="shuffle", order=tantivy.Order.Asc)
    return result.count, searcher.fast_field_values("id", [address for _, address in result.hits])


def decisions(searcher, q) -> tuple[int, date | None, date | None, dict[date, int]]:
    """The letters meeting the `prepared` query `q`, their first and last decision dates and the letters per
    month decided, exact (one pass: four aggregations; a statistics page's "cases" part at any size)."""
    found = searcher.aggregate(q, {
        "letters": {"value_count": {"field": "id"}},
        "first": {"min": {"field": "decided"}}, "last": {"max": {"field": "decided"}},
        "months": {"histogram": {"field": "decided", "interval": 100, "min_doc_count": 1}}})

    def day(value) -> date | None:
        if value is None:
            return None
        value = int(value)
        return date(value // 10000, value // 100 % 100, max(1, value % 100))

    months = {day(b["key"]): int(b["doc_count"]) for b in found["months"]["buckets"] if b["doc_count"]}
    return int(found["letters"]["value"] or 0), day(found["first"]["value"]), day(found["last"]["value"]), months
