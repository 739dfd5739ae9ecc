"""What "every match ranked, exact facets" costs PostgreSQL: the results pages as they are, then with the
sampling caps lifted, back to back on the same archive.

    .venv/bin/python bench/bench_exact.py --letters 1000000 [--runs 5]

The results page reads at most COUNT_CAP + 1 matches (ranked by relevance, facets scaled from them beyond)
and the item facets read ITEM_SAMPLE letters (determinations/search.py). Here, in this process only, both are
set past any archive's size, so the same statement reads, ranks and groups every match: the total, the ranking
and every facet are exact. search.py is not changed. It prints p50/p95/max per query and overall for both, and
EXPLAIN (ANALYZE, BUFFERS) of the slowest query's statement uncapped. It reports; it never asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")

UNCAPPED = 10**9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from bench_engines import footprint, summary
    from bench_search import QUERY_MIX, ensure_database, time_urls

    name = os.environ.get("IMR_BENCH_DB") or f"imr_bench_{args.letters}"
    ensure_database(name, args.letters, False, bulk=True)
    from django.conf import settings
    from django.db import connection, transaction
    from django.http import QueryDict
    from django.test import Client

    from determinations import search
    from determinations.forms import SearchForm

    settings.DEBUG = False
    client = Client()
    urls = [f"/decisions/?{q}" if q else "/decisions/" for q in QUERY_MIX]
    capped = time_urls(client, urls, args.runs)
    caps = search.COUNT_CAP, search.ITEM_SAMPLE
    search.COUNT_CAP = search.ITEM_SAMPLE = UNCAPPED  # this process only
    try:
        exact = time_urls(client, urls, args.runs)
    finally:
        search.COUNT_CAP, search.ITEM_SAMPLE = caps

    print(f"\n{len(urls)} queries x {args.runs} runs, {name}; ms. capped: as served (COUNT_CAP {caps[0]:,}, "
          f"ITEM_SAMPLE {caps[1]:,}); exact: every match read, ranked and grouped")
    print(f"  {'capped p50':>10} {'p95':>6} {'max':>6} | {'exact p50':>9} {'p95':>6} {'max':>6} | {'p95 x':>6}  url")
    for url in urls:
        c50, c95, cmax = summary(capped[url])
        e50, e95, emax = summary(exact[url])
        print(f"  {c50:10.1f} {c95:6.1f} {cmax:6.1f} | {e50:9.1f} {e95:6.1f} {emax:6.1f} | {e95 / c95:5.1f}x  {url}")
    c50, c95, cmax = summary([v for values in capped.values() for v in values])
    e50, e95, emax = summary([v for values in exact.values() for v in values])
    print(f"  overall: capped p50 {c50:.1f} p95 {c95:.1f} max {cmax:.1f} ms | exact p50 {e50:.1f} p95 {e95:.1f} "
          f"max {emax:.1f} ms")
    print(f"  {footprint()}")

    slowest = max(urls, key=lambda u: summary(exact[u])[1])
    raw = QUERY_MIX[urls.index(slowest)]
    query = SearchForm(QueryDict(raw)).to_query()
    search.COUNT_CAP = search.ITEM_SAMPLE = UNCAPPED
    try:
        qs = search.filtered(query)
        ranked = (search.PER_PAGE, 0) if query.effective_sort == "relevance" else None
        sql, params = search.facet_sql(qs, ranked, query.item_match())
    finally:
        search.COUNT_CAP, search.ITEM_SAMPLE = caps
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\n=== EXPLAIN (ANALYZE, BUFFERS) of the slowest uncapped, {slowest}: count + facets"
          + (" + ranked page" if ranked else ""))
    print("\n".join(plan))


if __name__ == "__main__":
    main()
