"""Side by side in one run, on the same letters: a plain tantivy index (an embedded Lucene-class engine, the
reference) and the archive's results pages.

    .venv/bin/python bench/bench_engines.py --letters 200000 [--runs 10] [--reindex] [--threads 1]

The archive is bench_search.py's (built with bench/bulk_load.py when missing). The tantivy index is built
from PostgreSQL's rows (var/tantivy/<database>/), once. Each query of bench_search.py's mix then does a
results page's work in each: in tantivy, the top 20 (BM25 over every match, or newest first), the exact
total and five facet groups (terms aggregations: outcome, year, specialty, category, guideline); in the
archive, the whole page through Django's test client (count, facets, page, snippets, template). It prints
p50/p95/max per query and overall for both, and their ratio at p95. It reports; it never asserts.

What the reference leaves out: a page's rendering, snippets and items; the same-item rule for item words (its
item conditions are per item, pre-combined into `item_keys` tokens, but `item=` words match any item of the
letter); and case-number searches (none in the mix).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")

TEXT_FIELDS = {"items": 1.0, "guidelines": 0.4, "summary": 0.2, "rationale": 0.2}  # ts_rank's A, B, C weights
FACETS = {"outcome": "outcome", "year": "year", "specialty": "specialty", "category": "categories",
          "guideline": "cited"}
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
    item conditions met by the same item are one of these tokens."""
    from determinations.parsing.registry import GUIDELINES_BY_SLUG

    cited = set(guidelines) | {GUIDELINES_BY_SLUG[s].family for s in guidelines if s in GUIDELINES_BY_SLUG}
    keys = set()
    for parts in itertools.product((decision, ANY), (category, ANY), ("op", ANY) if opioid else (ANY,),
                                   (*cited, ANY)):
        keys.add("|".join(parts))
    keys.discard("|".join([ANY] * 4))
    return keys


def wanted_item_keys(query) -> list[str]:
    """The item_keys tokens of which a letter must have one to meet `query`'s item conditions (none: [])."""
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
ORDER BY c.id
"""


def build_index(path: Path, threads: int) -> float:
    """A plain tantivy index of every case, read from PostgreSQL in one pass; returns the seconds taken."""
    import tantivy
    from django.db import connection, transaction

    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    started = time.perf_counter()
    index = tantivy.Index(schema(), path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=threads)
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor(name="tantivy_rows") as cursor:
            cursor.itersize = 5000
            cursor.execute(ROWS_SQL)
            for (pk, items, guidelines, summary, rationale, outcome, categories, cited, decided, injured, age, sex,
                 specialty, states, item_rows) in cursor:
                doc = tantivy.Document(id=pk, items=items, guidelines=guidelines, summary=summary,
                                       rationale=rationale, outcome=outcome, categories=list(categories),
                                       cited=list(cited), sex=sex)
                if specialty:
                    doc.add_text("specialty", specialty)
                for state in states or ():
                    doc.add_text("states", state)
                for key in sorted({k for d, c, o, g in item_rows or () for k in item_keys(d, c, o == "true",
                                                                                          g.split())}):
                    doc.add_text("item_keys", key)
                if decided:
                    doc.add_integer("decided", yyyymmdd(decided))
                    doc.add_integer("year", decided.year)
                if injured:
                    doc.add_integer("injured", yyyymmdd(injured))
                if age is not None:
                    doc.add_integer("age", age)
                writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - started


def tantivy_query(index, query):
    """The search's conditions as one tantivy query (filters scored 0: relevance is the words' alone)."""
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
    if query.item.strip():
        keep(index.parse_query(query.item, ["items"], conjunction_by_default=True))
    if query.outcome:
        keep(Query.term_query(s, "outcome", query.outcome))
    if query.specialty:
        keep(Query.term_set_query(s, "specialty", specialty_group(query.specialty)))
    if query.state:
        keep(Query.term_query(s, "states", query.state))
    if query.sex:
        keep(Query.term_query(s, "sex", query.sex))
    for name, low, high in (("decided", query.decided_after, query.decided_before),
                            ("injured", query.injured_after, query.injured_before)):
        if low or high:
            keep(Query.range_query(s, name, tantivy.FieldType.Integer, yyyymmdd(low) if low else 0,
                                   yyyymmdd(high) if high else 99991231))
    if query.age_min is not None or query.age_max is not None:
        keep(Query.range_query(s, "age", tantivy.FieldType.Integer, query.age_min or 0,
                               query.age_max if query.age_max is not None else 200))
    if not must:
        return Query.all_query()
    return Query.boolean_query([(Occur.Must, q) for q in must])


AGGREGATIONS = {name: {"terms": {"field": field, "size": 1000}} for name, field in FACETS.items()}


def tantivy_page(index, searcher, query, per_page: int = 20) -> tuple[int, list[int], dict]:
    """A results page's work: the total, the page's ids and the five facet groups."""
    import tantivy

    q = tantivy_query(index, query)
    offset = (max(1, query.page) - 1) * per_page
    if query.effective_sort == "relevance":
        result = searcher.search(q, per_page, count=True, offset=offset)
    else:
        order = tantivy.Order.Asc if query.effective_sort == "oldest" else tantivy.Order.Desc
        result = searcher.search(q, per_page, count=True, offset=offset, order_by_field="decided", order=order)
    ids = searcher.fast_field_values("id", [address for _, address in result.hits])
    facets = searcher.aggregate(q, AGGREGATIONS)
    return result.count, ids, facets


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), percentile(values, 95), max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--reindex", action="store_true", help="build the tantivy index again")
    parser.add_argument("--threads", type=int, default=1, help="tantivy's indexing threads (a shared machine: 1)")
    args = parser.parse_args()

    from bench_search import QUERY_MIX, ensure_database, time_urls

    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}"
    ensure_database(name, args.letters, False, bulk=True)
    import tantivy
    from django.conf import settings
    from django.http import QueryDict
    from django.test import Client

    from determinations.forms import SearchForm
    from determinations.search import search

    path = ROOT / "var" / "tantivy" / name
    if args.reindex or not path.exists() or not tantivy.Index.exists(str(path)):
        print(f"Indexing {name} into {path} ...", flush=True)
        print(f"  tantivy index built in {build_index(path, args.threads):.0f} s", flush=True)
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    index = tantivy.Index.open(str(path))
    index.reload()
    searcher = index.searcher()
    print(f"tantivy index: {searcher.num_docs:,} documents, {searcher.num_segments} segments, "
          f"{size / 2**20:.0f} MiB on disk")

    settings.DEBUG = False
    client = Client()
    urls = [f"/decisions/?{q}" if q else "/decisions/" for q in QUERY_MIX]
    queries = [SearchForm(QueryDict(q)).to_query() for q in QUERY_MIX]
    engine: dict[str, list[float]] = {}
    totals: dict[str, tuple[int, int]] = {}
    for url, query in zip(urls, queries, strict=True):
        count, _, _ = tantivy_page(index, searcher, query)  # warm
        totals[url] = (count, search(query).count)
        for _ in range(args.runs):
            t = time.perf_counter()
            tantivy_page(index, searcher, query)
            engine.setdefault(url, []).append((time.perf_counter() - t) * 1000)
    archive = time_urls(client, urls, args.runs)

    print(f"\n{len(urls)} queries x {args.runs} runs, {name}; ms. matches: tantivy / the archive's total")
    print(f"  {'tantivy p50':>11} {'p95':>6} {'max':>6} | {'archive p50':>11} {'p95':>6} {'max':>6} | "
          f"{'p95 ratio':>9} | matches")
    for url in urls:
        t50, t95, tmax = summary(engine[url])
        a50, a95, amax = summary(archive[url])
        print(f"  {t50:11.1f} {t95:6.1f} {tmax:6.1f} | {a50:11.1f} {a95:6.1f} {amax:6.1f} | {a95 / t95:8.1f}x | "
              f"{totals[url][0]:,} / {totals[url][1]:,}  {url}")
    every_t = [v for values in engine.values() for v in values]
    every_a = [v for values in archive.values() for v in values]
    t50, t95, tmax = summary(every_t)
    a50, a95, amax = summary(every_a)
    print(f"  overall: tantivy p50 {t50:.1f} p95 {t95:.1f} max {tmax:.1f} ms | archive p50 {a50:.1f} p95 {a95:.1f} "
          f"max {amax:.1f} ms | the archive is {a95 / t95:.1f}x tantivy at p95")


if __name__ == "__main__":
    main()
