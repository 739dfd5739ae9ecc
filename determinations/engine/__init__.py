"""A second store for search: a tantivy index of the archive's cases, derived from PostgreSQL (the record).

Not behind `search()` yet: bench/bench_engines.py measures it against the results pages, and this module is
what `search()` would call. Every match is ranked (BM25 over all of them), the total and the facets are exact.

- `rebuild()` (`manage.py rebuild_search_index`) registers the index (from then on every write to a case
  queues that case for it: migration 0022's triggers), builds a new directory from one snapshot of the cases,
  then, in that snapshot's transaction, points the index at the new directory and drops the queued cases the
  snapshot already holds. Killed before that commit, the old directory and the queue stand as they were.
- `catch_up()` (`manage.py rebuild_search_index --catch-up`; ingestion does not call it yet) takes the
  queued cases under a row lock, writes their current rows into the index (delete by id, add what PostgreSQL has:
  writing twice gives the same index), commits the index, then deletes the queue rows and commits PostgreSQL.
  Killed anywhere before that last commit, the rows are still queued and the next catch-up writes the same
  cases again; tantivy drops an uncommitted write. Caught up, the index holds exactly PostgreSQL's cases.
- Every web process opens the index read-only (`searcher()`), which follows the index's commits.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

TEXT_FIELDS = {"items": 1.0, "guidelines": 0.4, "summary": 0.2, "rationale": 0.2}  # ts_rank's A, B, C weights
FACETS = {"outcome": "outcome", "year": "year", "specialty": "specialty", "category": "categories",
          "guideline": "cited"}
AGGREGATIONS = {name: {"terms": {"field": field, "size": 1000}} for name, field in FACETS.items()}
ANY = "*"
DEFAULT = "default"


def root() -> Path:
    """Where the index directories live: SEARCH_INDEX_DIR, else var/search-index."""
    return Path(os.environ.get("SEARCH_INDEX_DIR") or Path(settings.VAR_DIR) / "search-index")


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


def yyyymmdd(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day


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
    if specialty:
        doc.add_text("specialty", specialty)
    for state in states or ():
        doc.add_text("states", state)
    for key in sorted({k for d, c, o, g in item_rows or () for k in item_keys(d, c, o == "true", g.split())}):
        doc.add_text("item_keys", key)
    if decided:
        doc.add_integer("decided", yyyymmdd(decided))
        doc.add_integer("year", decided.year)
    if injured:
        doc.add_integer("injured", yyyymmdd(injured))
    if age is not None:
        doc.add_integer("age", age)
    return doc


def write_all(path: Path, threads: int = 1) -> int:
    """A new index of every case at `path`, read in one pass of the current transaction; returns the count."""
    import tantivy

    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=threads)
    n = 0
    connection.ensure_connection()
    with connection.connection.cursor(name="search_index_rows") as cursor:
        cursor.itersize = 5000
        cursor.execute(ROWS_SQL + " ORDER BY c.id")
        for row in cursor:
            writer.add_document(document(row))
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    return n


def rebuild(name: str = DEFAULT, threads: int = 1) -> int:
    """Build the index `name` again from the archive (see the module's docstring); returns the cases indexed."""
    with transaction.atomic(), connection.cursor() as cursor:  # registered first: writes from now on are queued
        cursor.execute("INSERT INTO determinations_searchindex (name) VALUES (%s) ON CONFLICT DO NOTHING", [name])
    directory = root() / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot for rows and queue
        cursor.execute("SELECT directory FROM determinations_searchindex WHERE name = %s FOR UPDATE", [name])
        old = cursor.fetchone()[0]
        n = write_all(directory, threads)
        cursor.execute("DELETE FROM determinations_searchindexqueue WHERE index_name = %s", [name])  # the snapshot's
        cursor.execute("UPDATE determinations_searchindex SET directory = %s, built_at = now() WHERE name = %s",
                       [str(directory), name])
    if old and Path(old) != directory:
        shutil.rmtree(old, ignore_errors=True)
    return n


def _directory(name: str, lock: bool = False) -> Path | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT directory FROM determinations_searchindex WHERE name = %s"
                       + (" FOR UPDATE" if lock else ""), [name])
        row = cursor.fetchone()
    return Path(row[0]) if row and row[0] else None


def catch_up(name: str = DEFAULT, batch: int = 1000, pause_after_commit: float = 0) -> int:
    """Write the queued cases into the index `name`; returns how many case writes were applied.

    `pause_after_commit` (seconds, tests only) waits between the index's commit and PostgreSQL's: the window
    in which a kill leaves the index ahead of the queue."""
    import tantivy

    applied = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            directory = _directory(name, lock=True)  # one catch-up at a time per index
            if directory is None:
                return applied
            cursor.execute("SELECT id, case_id FROM determinations_searchindexqueue WHERE index_name = %s "
                           "ORDER BY id LIMIT %s FOR UPDATE", [name, batch])
            queued = cursor.fetchall()
            if not queued:
                return applied
            ids = sorted({case_id for _, case_id in queued})
            cursor.execute(ROWS_SQL + " WHERE c.id = ANY(%s)", [ids])
            rows = cursor.fetchall()
            writer = tantivy.Index.open(str(directory)).writer(heap_size=50_000_000, num_threads=1)
            for pk in ids:
                writer.delete_documents_by_term("id", pk)
            for row in rows:
                writer.add_document(document(row))
            writer.commit()
            writer.wait_merging_threads()
            if pause_after_commit:
                time.sleep(pause_after_commit)
            cursor.execute("DELETE FROM determinations_searchindexqueue WHERE id = ANY(%s)", [[i for i, _ in queued]])
            applied += len(ids)


_OPEN: dict[str, object] = {}


def searcher(name: str = DEFAULT):
    """A searcher of the index's latest commit, for this process (the index is opened once per directory)."""
    import tantivy

    directory = _directory(name)
    if directory is None:
        raise LookupError(f"no search index {name!r}: run manage.py rebuild_search_index")
    index = _OPEN.get(str(directory))
    if index is None:
        index = _OPEN[str(directory)] = tantivy.Index.open(str(directory))
    index.reload()
    return index, index.searcher()


def tantivy_query(index, query):
    """The search's conditions as one tantivy query (filters score 0: relevance is the words' alone)."""
    import tantivy
    from tantivy import Occur, Query

    from determinations.names import specialty_group

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
    if query.outcome:
        keep(Query.term_query(s, "outcome", query.outcome))
    if query.specialty:
        keep(Query.term_set_query(s, "specialty", specialty_group(query.specialty)))
    if query.state:
        keep(Query.term_query(s, "states", query.state))
    if query.sex:
        keep(Query.term_query(s, "sex", query.sex))
    for field, low, high in (("decided", query.decided_after, query.decided_before),
                             ("injured", query.injured_after, query.injured_before)):
        if low or high:
            keep(Query.range_query(s, field, tantivy.FieldType.Integer, yyyymmdd(low) if low else 0,
                                   yyyymmdd(high) if high else 99991231))
    if query.age_min is not None or query.age_max is not None:
        keep(Query.range_query(s, "age", tantivy.FieldType.Integer, query.age_min or 0,
                               query.age_max if query.age_max is not None else 200))
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
