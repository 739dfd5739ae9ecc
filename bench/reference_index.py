"""The reference of bench/bench_engines.py: a plain tantivy index of the same letters (tantivy's own English
stemmer and query parser, item conditions pre-combined per item, words on any item), doing a results page's
work. Not the archive's search index (determinations/engine), which is what the archive's pages are timed with."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from determinations.engine import add_case_fields
from determinations.engine import write_all as engine_write_all
from determinations.engine.reader import case_filters

TEXT_FIELDS = {"items": 1.0, "guidelines": 0.4, "summary": 0.2, "rationale": 0.2}  # ts_rank's A, B, C weights
FACETS = {"outcome": "outcome", "year": "year", "specialty": "specialty", "category": "categories",
          "guideline": "cited"}
AGGREGATIONS = {name: {"terms": {"field": field, "size": 1000}} for name, field in FACETS.items()}
ANY = "*"


def schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    for name in ("outcome", "specialty", "sex", "categories", "cited", "states", "item_keys"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    for name in ("decided", "injured", "age", "year"):
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


def item_keys(decision: str, category: str, opioid: bool, guidelines: list[str]) -> set[str]:
    """One item's conditions pre-combined (decision|category|opioid|guideline, each part or "*"): a search's
    item conditions met by one and the same item are one of these tokens."""
    from determinations.parsing.registry import GUIDELINES_BY_SLUG

    cited = set(guidelines) | {GUIDELINES_BY_SLUG[s].family for s in guidelines if s in GUIDELINES_BY_SLUG}
    keys = {"|".join(parts) for parts in itertools.product(
        (decision, ANY), (category, ANY), ("op", ANY) if opioid else (ANY,), (*cited, ANY))}
    keys.discard("|".join([ANY] * 4))
    return keys


def wanted_item_keys(query) -> list[str]:
    """The item_keys of which a letter must hold one to meet `query`'s item conditions (none: [])."""
    if not (query.decision or query.category or query.opioid or query.guideline):
        return []
    return ["|".join(parts) for parts in itertools.product(
        (query.decision or ANY,), query.category or (ANY,), ("op" if query.opioid else ANY,),
        query.guideline or (ANY,))]


ROWS_SQL = """
SELECT c.id, c.items_text, c.guidelines_text, c.summary_text, c.rationale_text, c.outcome, c.categories,
       c.reviewer_guidelines, c.decision_date, c.injury_date, c.patient_age, c.patient_sex, r.specialty_slug,
       r.licensed_states,
       (SELECT array_agg(ARRAY[i.decision, i.category, i.is_opioid::text, array_to_string(i.reviewer_guidelines, ' ')])
        FROM determinations_disputeditem i WHERE i.case_id = c.id)
FROM determinations_case c LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
"""


def document(row):
    """The index document of one row of ROWS_SQL."""
    import tantivy

    (pk, items, guidelines, summary, rationale, outcome, categories, cited, decided, injured, age, sex, specialty,
     states, item_rows) = row
    doc = tantivy.Document(id=pk, items=items, guidelines=guidelines, summary=summary, rationale=rationale,
                           outcome=outcome, categories=list(categories), cited=list(cited), sex=sex)
    for key in sorted({k for d, c, o, g in item_rows or () for k in item_keys(d, c, o == "true", g.split())}):
        doc.add_text("item_keys", key)
    add_case_fields(doc, specialty, states, decided, injured, age)  # the same filter fields as the archive's
    return doc


def write_all(path: Path, threads: int = 1) -> int:
    """A new reference index of every case at `path` (the archive's own writer, this module's layout)."""
    return engine_write_all(path, threads, layout=sys.modules[__name__])


def tantivy_query(index, query):
    """The search's conditions as one tantivy query (filters score 0: relevance is the words' alone)."""
    from tantivy import Occur, Query

    s = index.schema
    must = []
    if query.q.strip():
        must.append(index.parse_query(query.q, list(TEXT_FIELDS), field_boosts=TEXT_FIELDS,
                                      conjunction_by_default=True))

    def keep(q) -> None:
        must.append(Query.const_score_query(q, 0.0))

    if keys := wanted_item_keys(query):
        keep(Query.term_set_query(s, "item_keys", keys))
    if query.item.strip():  # any item of the letter: the same-item rule for words is not kept here
        keep(index.parse_query(query.item, ["items"], conjunction_by_default=True))
    for condition in case_filters(s, query):  # the same letter conditions as the archive's index
        keep(condition)
    if not must:
        return Query.all_query()
    return Query.boolean_query([(Occur.Must, q) for q in must])


def page(index, searcher, query, per_page: int = 20) -> tuple[int, list[int], dict[str, dict]]:
    """A results page's work: the exact total, the page's case ids (every match ranked) and the five facet
    groups, exact ({facet: {value: letters}})."""
    import tantivy

    q = tantivy_query(index, query)
    offset = (max(1, query.page) - 1) * per_page
    if query.effective_sort == "relevance":
        result = searcher.search(q, per_page, count=True, offset=offset)
    else:
        order = tantivy.Order.Asc if query.effective_sort == "oldest" else tantivy.Order.Desc
        result = searcher.search(q, per_page, count=True, offset=offset, order_by_field="decided", order=order)
    ids = searcher.fast_field_values("id", [address for _, address in result.hits])
    groups = searcher.aggregate(q, AGGREGATIONS)
    facets = {name: {str(b["key"]): b["doc_count"] for b in groups[name]["buckets"]} for name in FACETS}
    return result.count, ids, facets
