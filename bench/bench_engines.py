"""Side by side in one run, on the same letters: a plain tantivy index (an embedded Lucene-class engine, the
reference) and the archive's results pages.

    .venv/bin/python bench/bench_engines.py --letters 200000 [--runs 10] [--reindex] [--threads 1]
        [--engine index|postgresql]

The archive is bench_search.py's (built with bench/bulk_load.py when missing), its pages answered by its search
index (built when missing, as bench_search.py does) or, with --engine postgresql, by PostgreSQL alone. The
reference is bench/reference_index.py's plain index, built from PostgreSQL's rows (var/tantivy/<database>/),
once. Each query of bench_search.py's mix then does a results page's work in each: in tantivy, the top 20
(BM25 over every match, or newest first), the exact total and five facet groups (terms aggregations: outcome,
year, specialty, category, guideline); in the archive, the whole page through Django's test client (count,
facets, page, snippets, template). It prints p50/p95/max per query and overall for both, and their ratio
at p95. It reports; it never asserts.

What the reference leaves out: a page's rendering, snippets and items; the same-item rule for item words (its
item conditions are per item, pre-combined into `item_keys` tokens, but `item=` words match any item of the
letter); and case-number searches (none in the mix).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), percentile(values, 95), max(values)


def footprint() -> str:
    """The database's size on disk and this process's peak memory (the web side of every page it timed)."""
    import resource

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"database {size / 2**30:.2f} GiB on disk; this process's peak RSS {peak:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--reindex", action="store_true", help="build the tantivy index again")
    parser.add_argument("--threads", type=int, default=1, help="tantivy's indexing threads (a shared machine: 1)")
    parser.add_argument("--engine", choices=("index", "postgresql"), default="index",
                        help="what answers the archive's searches")
    args = parser.parse_args()

    from bench_search import QUERY_MIX, ensure_database, ensure_index, time_urls

    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}"
    ensure_database(name, args.letters, False, bulk=True)
    import tantivy
    from django.conf import settings
    from django.db import transaction
    from django.http import QueryDict
    from django.test import Client
    from reference_index import page, write_all

    from determinations.forms import SearchForm
    from determinations.search import search

    path = ROOT / "var" / "tantivy" / name
    if args.reindex or not path.exists() or not tantivy.Index.exists(str(path)):
        print(f"Indexing {name} into {path} ...", flush=True)
        started = time.perf_counter()
        with transaction.atomic():
            n = write_all(path, args.threads)
        print(f"  tantivy index of {n:,} cases built in {time.perf_counter() - started:.0f} s", flush=True)
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    index = tantivy.Index.open(str(path))
    index.reload()
    searcher = index.searcher()
    print(f"tantivy index: {searcher.num_docs:,} documents, {searcher.num_segments} segments, "
          f"{size / 2**20:.0f} MiB on disk")

    settings.DEBUG = False
    if args.engine == "index":
        ensure_index(name, False)
    else:
        settings.SEARCH_ENGINE = "postgres"
    client = Client()
    urls = [f"/decisions/?{q}" if q else "/decisions/" for q in QUERY_MIX]
    queries = [SearchForm(QueryDict(q)).to_query() for q in QUERY_MIX]
    engine: dict[str, list[float]] = {}
    totals: dict[str, tuple[int, int]] = {}
    for url, query in zip(urls, queries, strict=True):
        count, _, _ = page(index, searcher, query)  # warm
        totals[url] = (count, search(query).count)
        for _ in range(args.runs):
            t = time.perf_counter()
            page(index, searcher, query)
            engine.setdefault(url, []).append((time.perf_counter() - t) * 1000)
    archive = time_urls(client, urls, args.runs)

    print(f"\n{len(urls)} queries x {args.runs} runs, {name}, the archive's searches answered by {args.engine}; ms. "
          "matches: tantivy / the archive's total")
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
    print(f"  {footprint()} (tantivy's index opened in it)")


if __name__ == "__main__":
    main()
