"""The search index: a tantivy index of the archive's cases, derived from PostgreSQL (the record), which answers
`search()` when one is registered and this node has it (engine/reader.py; PostgreSQL answers otherwise, and
always for case numbers). Every match is ranked (BM25 over all of them); the total is exact; the facets are
exact up to a stated size, beyond it from a uniform random sample with their margin.

- The words fields hold PostgreSQL's own lexemes at PostgreSQL's positions, and a search's words are read by
  PostgreSQL's `websearch_to_tsquery` (engine/tsquery.py), so the index matches exactly the letters the archive's
  full-text search matches.
- `rebuild()` (`manage.py rebuild_search_index`) registers the index (from then on every write to a case
  queues that case for it: migration 0022's triggers), builds a new directory from one snapshot of the cases,
  then, in that snapshot's transaction, points the index at the new directory and drops the queued cases the
  snapshot already holds. Killed before that commit, the old directory and the queue stand as they were.
- `catch_up()` (`manage.py rebuild_search_index --catch-up`) takes the queued cases under a row lock, writes their
  current rows into the index (delete by id, add what PostgreSQL has: writing twice gives the same index), commits
  the index, then deletes the queue rows and commits PostgreSQL. Ingestion runs it after each committed batch and
  each staff edit (engine/keep.py). Killed anywhere before that last commit, the rows are still queued and the
  next catch-up writes the same cases again; tantivy drops an uncommitted write. Caught up, the index holds
  exactly PostgreSQL's cases. A search finding cases queued writes one small batch of them first; with
  more queued, or another process catching up, PostgreSQL answers it. Catch-ups and rebuilds lock the index's
  row FOR NO KEY UPDATE: one at a time, while the archive's writers (whose queue rows only share its key) never
  wait for them.
- Every web process opens the index read-only (`reader.searcher()`), which follows the index's commits.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

FILLER = "~"  # a place no lexeme holds (a stop word's): written so the next lexeme keeps its position, never indexed
WEIGHTED = {"A": "words_a", "B": "words_b", "C": "words_c", "D": "words_c"}  # the stored vector's weights
BOOSTS = {"words_a": 1.0, "words_b": 0.4, "words_c": 0.2}  # ts_rank's defaults for A, B, C
FACETS = {"outcome": "outcome", "year": "year", "specialty": "specialty", "category": "categories",
          "guideline": "cited"}
ANY = "*"
DEFAULT = "default"
LEXEMES = "lexemes"  # the analyzer of the word fields: PostgreSQL's lexemes, as written, at their places
# What the index's layout is: written into each directory built; a directory of another layout is not searched
# (PostgreSQL answers) until `manage.py rebuild_search_index` builds it again. Change it with schema() or document().
LAYOUT = "imr-cases-2"
LAYOUT_FILE = "imr-layout"


def root() -> Path:
    """Where the index directories live: SEARCH_INDEX_DIR, else var/search-index."""
    return Path(os.environ.get("SEARCH_INDEX_DIR") or Path(settings.VAR_DIR) / "search-index")


def schema():
    """One document per case. `words` holds the case's stored search vector (PostgreSQL's lexemes at PostgreSQL's
    positions: a phrase, a stop word's gap and `-word` match exactly the letters PostgreSQL matches); `words_a/b/c`
    the same lexemes by weight, for ranking; `item_words` each item's description vector, its lexemes prefixed by
    the item's place in the letter ("2:inject"), so item words and the item's other conditions meet on one item."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("words", tokenizer_name=LEXEMES)
    builder.add_text_field("item_words", tokenizer_name=LEXEMES)
    for name in BOOSTS:
        builder.add_text_field(name, tokenizer_name=LEXEMES, index_option="freq")
    for name in ("outcome", "specialty", "sex", "categories", "cited", "states", "item_keys", "item_slots"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_text_field("bucket", tokenizer_name="raw", index_option="basic")  # see BUCKETS
    for name in ("decided", "injured", "age", "year", "newest", "oldest", "shuffle"):
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


def open_index(path: Path | str):
    """The index at `path`, its word analyzer registered (tantivy keeps analyzers per opened index)."""
    import tantivy

    index = tantivy.Index.open(str(path))
    index.register_tokenizer(LEXEMES, _analyzer())
    return index


def _analyzer():
    import tantivy

    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.custom_stopword([FILLER])).build())


def item_keys(decision: str, category: str, opioid: bool, guidelines: list[str]) -> set[str]:
    """One item's conditions pre-combined (decision|category|opioid|guideline, each part or "*"): a search's
    item conditions met by one and the same item are one of these tokens."""
    keys = {"|".join(parts) for parts in itertools.product(
        (decision, ANY), (category, ANY), ("op", ANY) if opioid else (ANY,), (*guidelines, ANY))}
    keys.discard("|".join([ANY] * 4))
    return keys


def yyyymmdd(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def shuffled(pk: int) -> int:
    """A fixed pseudo-random place per case (splitmix64): the first n matches in this order are a uniform
    random sample of them."""
    z = (pk + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return (z ^ (z >> 31)) >> 2


BUCKETS = 1000  # each case is in one, by `shuffled`: the cases of k buckets are a uniform random sample, at k/1000


def bucket(pk: int) -> str:
    return str(shuffled(pk) % BUCKETS)


ROWS_SQL = """
SELECT c.id, c.outcome, c.categories, c.reviewer_guidelines, c.decision_date, c.injury_date, c.patient_age,
       c.patient_sex, r.specialty_slug, r.licensed_states,
       (SELECT json_agg(json_build_array(v.lexeme, v.positions, v.weights)) FROM unnest(c.search_vector) v),
       (SELECT json_agg(json_build_array(i.decision, i.category, i.is_opioid, i.reviewer_guidelines,
                                         (SELECT json_agg(json_build_array(v.lexeme, v.positions))
                                          FROM unnest(i.description_vector) v)) ORDER BY i.id)
        FROM determinations_disputeditem i WHERE i.case_id = c.id)
FROM determinations_case c LEFT JOIN determinations_reviewer r ON r.id = c.reviewer_id
"""


def _placed(places: dict[int, str]) -> str:
    """Lexemes at their (1-based) positions, the places between filled so the analyzer keeps each position."""
    if not places:
        return ""
    words = [FILLER] * max(places)
    for position, lexeme in places.items():
        words[position - 1] = lexeme
    return " ".join(words)


def document(row):
    """The index document of one row of ROWS_SQL."""
    import tantivy

    (pk, outcome, categories, cited, decided, injured, age, sex, specialty, states, vector, items) = row
    places: dict[int, str] = {}
    weighted: dict[str, list[str]] = {name: [] for name in BOOSTS}
    for lexeme, positions, weights in vector or ():
        for position, weight in zip(positions, weights, strict=True):
            places[position] = lexeme
            weighted[WEIGHTED[weight]].append(lexeme)
    doc = tantivy.Document(id=pk, words=_placed(places), outcome=outcome, categories=list(categories),
                           cited=list(cited), sex=sex, shuffle=shuffled(pk), bucket=bucket(pk),
                           newest=(yyyymmdd(decided) if decided else 0) * 10**10 + pk,
                           oldest=(yyyymmdd(decided) if decided else 99991231) * 10**10 + pk)
    for name, lexemes in weighted.items():
        doc.add_text(name, " ".join(lexemes))
    item_words, keys = [], set()
    for slot, (decision, category, opioid, guidelines, description) in enumerate(items or ()):
        own = item_keys(decision, category, opioid, guidelines)
        keys |= own
        for key in sorted(own):
            doc.add_text("item_slots", f"{slot}|{key}")
        doc.add_text("item_slots", f"{slot}|")  # the item is there (what "-word" on an item is measured against)
        item_words.append(_placed({p: f"{slot}:{lexeme}" for lexeme, positions in description or ()
                                   for p in positions}))
    doc.add_text("item_words", f" {FILLER} ".join(item_words))
    for key in sorted(keys):
        doc.add_text("item_keys", key)
    add_case_fields(doc, specialty, states, decided, injured, age)
    return doc


def add_case_fields(doc, specialty: str | None, states, decided, injured, age: int | None) -> None:
    """The reviewer's and the dates' filter fields (what `reader.case_filters` asks)."""
    if specialty:
        doc.add_text("specialty", specialty)
    for state in states or ():
        doc.add_text("states", state)
    if decided:
        doc.add_integer("decided", yyyymmdd(decided))
        doc.add_integer("year", decided.year)
    if injured:
        doc.add_integer("injured", yyyymmdd(injured))
    if age is not None:
        doc.add_integer("age", age)


def write_all(path: Path, threads: int = 1, layout=None) -> int:
    """A new index of every case at `path`, read in one pass of the current transaction; returns the count.
    `layout`: another index's module (its schema(), ROWS_SQL and document(row); bench/reference_index.py)."""
    import tantivy

    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    index = tantivy.Index((layout or sys.modules[__name__]).schema(), path=str(path))
    index.register_tokenizer(LEXEMES, _analyzer())
    writer = index.writer(heap_size=200_000_000, num_threads=threads)
    rows_sql, make = (layout.ROWS_SQL, layout.document) if layout else (ROWS_SQL, document)
    n = 0
    connection.ensure_connection()
    with connection.connection.cursor(name="search_index_rows") as cursor:
        cursor.itersize = 5000
        cursor.execute(rows_sql + " ORDER BY c.id")
        for row in cursor:
            writer.add_document(make(row))
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    (path / LAYOUT_FILE).write_text(layout.__name__ if layout else LAYOUT)
    return n


def rebuild(name: str = DEFAULT, threads: int = 1) -> int:
    """Build the index `name` again from the archive (see the module's docstring); returns the cases indexed."""
    with transaction.atomic(), connection.cursor() as cursor:  # registered first: writes from now on are queued
        cursor.execute("INSERT INTO determinations_searchindex (name) VALUES (%s) ON CONFLICT DO NOTHING", [name])
    directory = root() / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot for rows and queue
        cursor.execute("SELECT directory FROM determinations_searchindex WHERE name = %s FOR NO KEY UPDATE", [name])
        old = cursor.fetchone()[0]
        n = write_all(directory, threads)
        cursor.execute("DELETE FROM determinations_searchindexqueue WHERE index_name = %s", [name])  # the snapshot's
        cursor.execute("UPDATE determinations_searchindex SET directory = %s, built_at = now() WHERE name = %s",
                       [str(directory), name])
    if old and Path(old) != directory:
        shutil.rmtree(old, ignore_errors=True)
    return n


def _directory(name: str, lock: bool = False, wait: bool = True) -> Path | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT directory FROM determinations_searchindex WHERE name = %s"
                       + (" FOR NO KEY UPDATE" if lock else "") + ("" if wait else " NOWAIT"), [name])
        row = cursor.fetchone()
    return Path(row[0]) if row and row[0] else None


def catch_up(name: str = DEFAULT, batch: int = 1000, pause_after_commit: float = 0, wait: bool = True,
             rounds: int | None = None) -> int:
    """Write the queued cases into the index `name`; returns how many case writes were applied. With
    `wait=False`, an OperationalError at once if another process is catching it up; with `rounds`, at most that
    many batches.

    `pause_after_commit` (seconds, tests only) waits between the index's commit and PostgreSQL's: the window
    in which a kill leaves the index ahead of the queue."""
    applied = 0
    for _ in itertools.count() if rounds is None else range(rounds):
        with transaction.atomic(), connection.cursor() as cursor:
            directory = _directory(name, lock=True, wait=wait)  # one catch-up at a time per index
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
            writer = open_index(directory).writer(heap_size=50_000_000, num_threads=1)
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
    return applied


from determinations.engine.reader import Page, page, searcher, usable  # noqa: E402 - the reading side

__all__ = ["Page", "catch_up", "page", "rebuild", "searcher", "usable"]
